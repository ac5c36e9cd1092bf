using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Orleans.Widgets.Runtime.Storage.Sqlite;

/// <summary>
/// The connections to one SQLite file: a single writer (SQLite allows one at a time anyway, and one
/// connection keeps its prepared statements) and a few readers, which WAL lets run beside it.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    private const int MaxIdleReaders = 4;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly Dictionary<string, SqliteCommand> _writerCommands = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private bool _disposed;

    private SqliteDatabase(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        _writer = writer;
    }

    public static SqliteDatabase Open(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        var writer = OpenConnection(connectionString);
        try
        {
            using var command = writer.CreateCommand();

            // WAL persists in the file; synchronous=FULL makes every commit fsync the log so an acknowledged
            // write survives power loss, not only a process kill.
            command.CommandText = "PRAGMA journal_mode=WAL;";
            var mode = command.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL mode for '{path}' (journal mode is '{mode}').");
            }

            return new SqliteDatabase(connectionString, writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the writer connection inside a BEGIN IMMEDIATE transaction; rolls back if it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = work(new SqliteWriteContext(this, transaction));
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a reader connection (a consistent snapshot for one statement).</summary>
    public Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idleReaders.TryTake(out var reader))
        {
            reader = OpenConnection(_connectionString);
        }

        try
        {
            var result = work(reader);
            if (_idleReaders.Count < MaxIdleReaders && !_disposed)
            {
                _idleReaders.Add(reader);
                reader = null;
            }

            return Task.FromResult(result);
        }
        finally
        {
            reader?.Dispose();
        }
    }

    internal SqliteCommand WriterCommand(string sql, SqliteTransaction transaction)
    {
        if (!_writerCommands.TryGetValue(sql, out var command))
        {
            command = _writer.CreateCommand();
            command.CommandText = sql;
            _writerCommands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var command in _writerCommands.Values)
            {
                command.Dispose();
            }

            _writerCommands.Clear();
            _writer.Dispose();
            while (_idleReaders.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static SqliteConnection OpenConnection(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=OFF;";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
