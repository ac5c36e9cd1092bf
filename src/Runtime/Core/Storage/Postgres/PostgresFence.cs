using Npgsql;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

/// <summary>
/// The fence of a batch: share-locks the lease rows still held by the writer at the batch's epochs.
/// A silo taking a shard updates its lease row, which waits for these locks, so a write that passed the
/// fence commits before the takeover does and no write of the old owner can land after it.
/// </summary>
internal static class PostgresFence
{
    // ORDER BY shard: writers and takers lock lease rows in one order, which avoids deadlocks between them.
    public const string LockSql =
        "SELECT l.shard, l.epoch FROM shard_leases l " +
        "JOIN unnest(@fence_shards, @fence_epochs) AS f(shard, epoch) ON l.shard = f.shard AND l.epoch = f.epoch " +
        "WHERE l.owner = @owner ORDER BY l.shard FOR SHARE OF l";

    /// <summary>The SQL condition, on a row alias with shard and epoch columns, that its lease row is held (and locked) by @owner.</summary>
    /// <remarks>
    /// A subquery that is not pulled up (<c>OFFSET 0</c>) over the at most one row per shard: it is hashed once and probed
    /// per row. As a correlated EXISTS the planner, which expects a handful of rows from unnest, hashed the whole batch
    /// (payloads included) instead.
    /// </remarks>
    public static string Holds(string alias)
        => $"({alias}.shard, {alias}.epoch) IN (SELECT l.shard, l.epoch FROM shard_leases l WHERE l.owner = @owner OFFSET 0)";

    public static NpgsqlBatchCommand LockCommand(string owner, IEnumerable<(int Shard, long Epoch)> fences)
    {
        var distinct = fences.Distinct().ToArray();
        var command = new NpgsqlBatchCommand(LockSql);
        command.Parameters.Add(PostgresParameters.Ints("fence_shards", [.. distinct.Select(f => f.Shard)]));
        command.Parameters.Add(PostgresParameters.Bigints("fence_epochs", [.. distinct.Select(f => f.Epoch)]));
        command.Parameters.Add(PostgresParameters.Text("owner", owner));
        return command;
    }

    /// <summary>Reads the lock command's result: the (shard, epoch) pairs that hold.</summary>
    public static async Task<HashSet<(int Shard, long Epoch)>> ReadHeldAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var held = new HashSet<(int, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add((reader.GetInt32(0), reader.GetInt64(1)));
        }

        return held;
    }
}
