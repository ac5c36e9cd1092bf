using Npgsql;
using static Orleans.Widgets.Runtime.Storage.Postgres.PostgresParameters;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

internal sealed class PostgresShardLeaseTable(NpgsqlDataSource dataSource) : IShardLeaseTable
{
    // The inner FOR UPDATE locks in shard order (as the write fence does) and re-checks expiry after
    // waiting, so two silos racing for one shard cannot both take it.
    private const string AcquireSql = """
        UPDATE shard_leases l SET owner = @owner, epoch = l.epoch + 1, expires_at = @expires_at
        FROM (SELECT shard FROM shard_leases WHERE shard = ANY(@shards) AND (@force OR expires_at <= @now) ORDER BY shard FOR UPDATE) c
        WHERE l.shard = c.shard
        RETURNING l.shard, l.owner, l.epoch, l.expires_at
        """;

    private const string RenewSql = """
        UPDATE shard_leases l SET expires_at = @expires_at
        FROM (SELECT s.shard FROM shard_leases s JOIN unnest(@shards, @epochs) AS h(shard, epoch) ON s.shard = h.shard AND s.epoch = h.epoch
              WHERE s.owner = @owner ORDER BY s.shard FOR UPDATE OF s) c
        WHERE l.shard = c.shard
        RETURNING l.shard
        """;

    public async Task<int> InitializeShardCountAsync(int requested, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requested);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Separate statements: after waiting on a concurrent first insert, the SELECT takes a new snapshot and sees the winner's count.
        await using (var insert = new NpgsqlCommand("INSERT INTO cluster_config (id, shard_count) VALUES (1, @count) ON CONFLICT DO NOTHING", connection, transaction))
        {
            insert.Parameters.Add(Int("count", requested));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        int count;
        await using (var select = new NpgsqlCommand("SELECT shard_count FROM cluster_config WHERE id = 1", connection, transaction))
        {
            count = (int)(await select.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var rows = new NpgsqlCommand(
            "INSERT INTO shard_leases (shard, owner, epoch, expires_at) SELECT s, '', 0, 0 FROM generate_series(0, @count - 1) AS s ON CONFLICT DO NOTHING",
            connection,
            transaction))
        {
            rows.Parameters.Add(Int("count", count));
            await rows.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<IReadOnlyList<ShardLease>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT shard, owner, epoch, expires_at FROM shard_leases ORDER BY shard");
        return await ReadLeasesAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ShardLease>> AcquireAsync(string owner, IReadOnlyCollection<int> shards, long now, long expiresAt, bool force, CancellationToken cancellationToken)
    {
        if (shards.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(AcquireSql);
        command.Parameters.Add(Text("owner", owner));
        command.Parameters.Add(Bigint("expires_at", expiresAt));
        command.Parameters.Add(Ints("shards", [.. shards.Distinct()]));
        command.Parameters.Add(Bool("force", force));
        command.Parameters.Add(Bigint("now", now));
        var taken = await ReadLeasesAsync(command, cancellationToken);
        taken.Sort((a, b) => a.Shard.CompareTo(b.Shard));
        return taken;
    }

    public async Task<IReadOnlyList<int>> RenewAsync(string owner, IReadOnlyCollection<ShardLease> held, long expiresAt, CancellationToken cancellationToken)
        => await UpdateHeldAsync(owner, held, expiresAt, cancellationToken);

    public async Task ReleaseAsync(string owner, IReadOnlyCollection<ShardLease> held, CancellationToken cancellationToken)
        => await UpdateHeldAsync(owner, held, 0, cancellationToken);

    private async Task<List<int>> UpdateHeldAsync(string owner, IReadOnlyCollection<ShardLease> held, long expiresAt, CancellationToken cancellationToken)
    {
        var renewed = new List<int>();
        if (held.Count == 0)
        {
            return renewed;
        }

        await using var command = dataSource.CreateCommand(RenewSql);
        command.Parameters.Add(Bigint("expires_at", expiresAt));
        command.Parameters.Add(Ints("shards", [.. held.Select(l => l.Shard)]));
        command.Parameters.Add(Bigints("epochs", [.. held.Select(l => l.Epoch)]));
        command.Parameters.Add(Text("owner", owner));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            renewed.Add(reader.GetInt32(0));
        }

        renewed.Sort();
        return renewed;
    }

    private static async Task<List<ShardLease>> ReadLeasesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var leases = new List<ShardLease>();
        while (await reader.ReadAsync(cancellationToken))
        {
            leases.Add(new ShardLease(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return leases;
    }
}
