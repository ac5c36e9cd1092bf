using Npgsql;

namespace Orleans.Widgets.Benchmarks;

/// <summary>
/// A new, empty database on the benchmark's PostgreSQL server, dropped on dispose: cluster benchmarks start from no
/// membership rows and no leases, whatever earlier runs left in the database they were given.
/// </summary>
internal sealed class FreshDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;
    private readonly string _name;

    private FreshDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string of the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a database named <c>bench_<paramref name="purpose"/>_…</c> next to the one <paramref name="serverConnectionString"/> names.</summary>
    public static async Task<FreshDatabase> CreateAsync(string serverConnectionString, string purpose)
    {
        var name = $"bench_{purpose}_{Guid.NewGuid():N}"[..Math.Min(63, purpose.Length + 18)];
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name };
        return new FreshDatabase(serverConnectionString, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
