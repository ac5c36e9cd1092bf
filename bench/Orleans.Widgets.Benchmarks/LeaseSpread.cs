using System.Diagnostics;
using Npgsql;

namespace Orleans.Widgets.Benchmarks;

/// <summary>Who holds the shard leases of a cluster's database, read from its <c>shard_leases</c> table.</summary>
internal static class LeaseSpread
{
    /// <summary>
    /// Waits until exactly <paramref name="silos"/> silos hold unexpired leases on all <paramref name="shards"/>
    /// shards, or <paramref name="timeout"/> passes; returns whether they do and describes the holders.
    /// </summary>
    public static async Task<(bool Spread, string Holders)> WaitAsync(string connectionString, int silos, int shards, TimeSpan timeout)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var owners = new List<(string Owner, int Shards)>();
            await using (var command = dataSource.CreateCommand(
                "SELECT owner, count(*)::int FROM shard_leases WHERE expires_at > (extract(epoch FROM clock_timestamp()) * 1000)::bigint GROUP BY owner ORDER BY owner"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    owners.Add((reader.GetString(0), reader.GetInt32(1)));
                }
            }

            var spread = owners.Count == silos && owners.Sum(o => o.Shards) == shards;
            if (spread || waited.Elapsed > timeout)
            {
                // Owner ids are name@start-pid: the name is enough to tell them apart.
                var holders = string.Join(", ", owners.Select(o => $"{o.Owner.Split('@')[0]} {o.Shards}"));
                return (spread, $"{holders} after {waited.Elapsed.TotalSeconds:F1}s");
            }

            await Task.Delay(250);
        }
    }
}
