using Npgsql;
using Orleans.Widgets.Runtime.Storage.Postgres;
using Orleans.Widgets.Runtime.Storage.Schema;

namespace Orleans.Widgets.Runtime.Tests.Storage;

/// <summary>
/// A database made by an earlier schema keeps its rows when a newer build migrates it, and ends with what the newest
/// scripts declare: byte-order keys and the grain-state fill factor.
/// </summary>
public sealed class PostgresSchemaUpgradeTests : IAsyncLifetime
{
    private readonly string _database = "widgets_upgrade_" + Guid.NewGuid().ToString("N")[..16];

    private string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresStoreFixture.ServerConnectionString) { Database = _database }.ConnectionString;

    public Task InitializeAsync() => PostgresStoreFixture.ExecuteOnServerAsync($"CREATE DATABASE {_database}");

    public Task DisposeAsync() => PostgresStoreFixture.ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");

    [Fact]
    public async Task Rows_written_under_schema_2_are_found_by_key_after_the_migration()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var script in SchemaScripts.For(SchemaScripts.Postgres).Where(s => s.Version <= 2))
            {
                await ExecuteAsync(connection, script.Sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({script.Version})");
            }

            await ExecuteAsync(connection, """
                INSERT INTO grain_state (grain_type, grain_key, state_name, shard, version, payload)
                VALUES ('widget', 'app/Ünïcode-w1', 'widget', 3, 7, '\x7b7d'::bytea);
                INSERT INTO reminders (grain_type, grain_key, name, shard, start_at, due_at, period_ms, version)
                VALUES ('widget', 'app/Ünïcode-w1', 'reload', 3, 1000, 2000, 60000, 2);
                """);
        }

        await using var store = PostgresRuntimeStore.Open(ConnectionString, 4);
        Assert.Equal(2, await store.Schema.GetVersionAsync(CancellationToken.None));
        Assert.Equal(store.Schema.RequiredVersion, await store.Schema.MigrateAsync(CancellationToken.None));
        Assert.True(store.Schema.RequiredVersion >= 3);

        var state = await store.States.ReadAsync("widget", "app/Ünïcode-w1", "widget", CancellationToken.None);
        Assert.NotNull(state);
        Assert.Equal(7, state.Version);
        Assert.Equal("{}"u8.ToArray(), state.Payload);
        var reminder = await store.Reminders.ReadAsync("widget", "app/Ünïcode-w1", "reload", CancellationToken.None);
        Assert.NotNull(reminder);
        Assert.Equal(2000, reminder.DueAt);

        await using var check = new NpgsqlConnection(ConnectionString);
        await check.OpenAsync();
        await using (var collations = new NpgsqlCommand("""
            SELECT c.relname || '.' || a.attname, co.collname
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_collation co ON co.oid = a.attcollation
            WHERE c.relname IN ('grain_state', 'reminders') AND a.attname IN ('grain_type', 'grain_key', 'state_name', 'name')
            """, check))
        await using (var reader = await collations.ExecuteReaderAsync())
        {
            var seen = 0;
            while (await reader.ReadAsync())
            {
                Assert.True(reader.GetString(1) == "C", $"{reader.GetString(0)} has collation {reader.GetString(1)}");
                seen++;
            }

            Assert.Equal(6, seen);
        }

        await using var options = new NpgsqlCommand("SELECT reloptions FROM pg_class WHERE relname = 'grain_state'", check);
        Assert.Contains("fillfactor=50", (string[])(await options.ExecuteScalarAsync())!);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
