using Npgsql;

namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>A fresh database on the server named by <c>WIDGETS_TEST_POSTGRES</c>, dropped on dispose.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "WIDGETS_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly string _name;

    private PostgresDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>Creates the database; fails (not skips) when no server is configured.</summary>
    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Fail($"{Variable} is not set: run ./test.sh, which starts a throwaway PostgreSQL and sets it, or set it to an Npgsql connection string.");
        }

        var name = "widgets_silo_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresDatabase(server, name, builder.ConnectionString);
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
