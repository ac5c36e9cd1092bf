using Orleans.Widgets.Runtime.Storage.Schema;

namespace Orleans.Widgets.Runtime.Storage.Memory;

/// <summary>Tracks a version only, so code that checks the schema behaves as with the SQL stores.</summary>
internal sealed class MemorySchemaMigrator(MemoryDatabase database) : ISchemaMigrator
{
    public int RequiredVersion { get; } = SchemaScripts.RequiredVersion(SchemaScripts.Sqlite);

    public Task<int> GetVersionAsync(CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            return Task.FromResult(database.SchemaVersion);
        }
    }

    public Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            database.SchemaVersion = Math.Max(database.SchemaVersion, RequiredVersion);
            return Task.FromResult(database.SchemaVersion);
        }
    }
}
