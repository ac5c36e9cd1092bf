using Npgsql;
using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Storage.Postgres;

namespace Orleans.Widgets.Runtime.Tests.Storage;

/// <summary>
/// Fresh databases on the server named by <c>WIDGETS_TEST_POSTGRES</c>, created through its maintenance
/// connection and dropped afterwards. Without the variable every test of the class fails, on purpose:
/// a silently skipped PostgreSQL suite would hide the cluster store's bugs.
/// </summary>
public sealed class PostgresStoreFixture : RuntimeStoreFixture
{
    public const string Variable = "WIDGETS_TEST_POSTGRES";

    private readonly List<(IRuntimeStore Store, string Database)> _opened = [];

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The PostgreSQL storage tests need a server: run ./test.sh, or set {Variable} to an Npgsql connection string " +
                "(scripts/throwaway-postgres.sh start DIR prints one).");

    public override async Task<IRuntimeStore> OpenEmptyAsync()
    {
        var database = "widgets_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync($"CREATE DATABASE {database}");
        var settings = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database };
        var store = PostgresRuntimeStore.Open(settings.ConnectionString, 16);
        lock (_opened)
        {
            _opened.Add((store, database));
        }

        return store;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var (store, database) in _opened)
        {
            await store.DisposeAsync();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>Runs <paramref name="sql"/> on the server's maintenance database (creating and dropping databases).</summary>
    internal static async Task ExecuteOnServerAsync(string sql)
    {
        var settings = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
