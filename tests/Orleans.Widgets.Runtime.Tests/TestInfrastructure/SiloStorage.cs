using Npgsql;
using Orleans.Widgets.Runtime.Tests.Storage;

namespace Orleans.Widgets.Runtime.Tests.TestInfrastructure;

/// <summary>Which store a grain-level suite runs on; each test class gets a fresh database and removes it.</summary>
public abstract class SiloStorage : IAsyncDisposable
{
    public abstract IDictionary<string, string?> Settings { get; }

    public static SiloStorage Memory() => new MemorySiloStorage();

    public static SiloStorage Sqlite() => new SqliteSiloStorage();

    public static SiloStorage Postgres() => new PostgresSiloStorage();

    public ValueTask DisposeAsync()
    {
        Cleanup();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected virtual void Cleanup()
    {
    }

    private sealed class MemorySiloStorage : SiloStorage
    {
        public override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Widgets:Storage:Provider"] = "Memory" };
    }

    private sealed class SqliteSiloStorage : SiloStorage
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("widgets-suite-").FullName;

        public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Widgets:Storage:Provider"] = "Sqlite",
            ["Widgets:Storage:DataDirectory"] = _directory,
        };

        protected override void Cleanup() => Directory.Delete(_directory, recursive: true);
    }

    private sealed class PostgresSiloStorage : SiloStorage
    {
        private readonly string _database = "widgets_suite_" + Guid.NewGuid().ToString("N")[..16];

        public PostgresSiloStorage() => Execute($"CREATE DATABASE {_database}");

        public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Widgets:Storage:Provider"] = "Postgres",
            ["Widgets:Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(PostgresStoreFixture.ServerConnectionString) { Database = _database }.ConnectionString,
            ["Widgets:Storage:AutoMigrate"] = "true",
        };

        protected override void Cleanup() => Execute($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");

        private static void Execute(string sql)
        {
            var settings = new NpgsqlConnectionStringBuilder(PostgresStoreFixture.ServerConnectionString) { Database = "postgres", Pooling = false };
            using var connection = new NpgsqlConnection(settings.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }
}
