namespace Orleans.Widgets.Runtime.Storage.Sqlite;

/// <summary>
/// A SQLite file owned by one process: an exclusive lock on a lock file beside it, held for the store's
/// life, keeps a second silo from writing the same data (fencing would not protect against that, since
/// both would force the leases).
/// </summary>
internal sealed class SqliteRuntimeStore : IRuntimeStore
{
    public const string FileName = "widgets.db";

    public const string LockFileName = "widgets.lock";

    private readonly FileStream _lock;
    private readonly SqliteDatabase _database;

    private SqliteRuntimeStore(string path, FileStream fileLock, SqliteDatabase database)
    {
        Description = $"SQLite file {path}";
        _lock = fileLock;
        _database = database;
        States = new SqliteGrainStateStore(database);
        Reminders = new SqliteReminderTable(database);
        Leases = new SqliteShardLeaseTable(database);
        Membership = new SqliteMembershipTable(database);
        Schema = new SqliteSchemaMigrator(database);
    }

    public string Description { get; }

    public bool IsExclusive => true;

    public IGrainStateStore States { get; }

    public IReminderTable Reminders { get; }

    public IShardLeaseTable Leases { get; }

    public IMembershipTable Membership { get; }

    public ISchemaMigrator Schema { get; }

    /// <summary>Creates the directory if needed, locks it and opens (or creates) the file.</summary>
    /// <exception cref="InvalidOperationException">Another process holds the directory's lock, or it cannot be created.</exception>
    public static SqliteRuntimeStore Open(string dataDirectory)
    {
        var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDirectory) ? "." : dataDirectory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot create the data directory '{directory}': {e.Message}", e);
        }

        var lockPath = Path.Combine(directory, LockFileName);
        FileStream fileLock;
        try
        {
            fileLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The data directory '{directory}' is in use by another process (it holds '{lockPath}'). " +
                "Stop that silo or choose another Widgets:Storage:DataDirectory.",
                e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException($"Cannot lock the data directory '{directory}': {e.Message}", e);
        }

        try
        {
            var path = Path.Combine(directory, FileName);
            return new SqliteRuntimeStore(path, fileLock, SqliteDatabase.Open(path));
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _lock.DisposeAsync();
    }
}
