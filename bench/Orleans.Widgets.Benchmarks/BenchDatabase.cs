using Npgsql;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Benchmarks;

/// <summary>Prepares the benchmark's PostgreSQL database: schema, shard count, empty tables.</summary>
internal static class BenchDatabase
{
    public const int ShardCount = 64;

    /// <summary>Applies the schema, fixes the shard count and empties the state and reminder tables. Returns the shard count.</summary>
    public static async Task<int> PrepareAsync(string connectionString)
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString, ShardCount = ShardCount };
        await using var store = await RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None);
        if (await store.Schema.GetVersionAsync(CancellationToken.None) < store.Schema.RequiredVersion)
        {
            await store.Schema.MigrateAsync(CancellationToken.None);
        }

        var shards = await store.Leases.InitializeShardCountAsync(ShardCount, CancellationToken.None);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await using var truncate = dataSource.CreateCommand("TRUNCATE reminders, grain_state");
            await truncate.ExecuteNonQueryAsync();
        }

        return shards;
    }
}
