using System.Globalization;

namespace Orleans.Widgets.Runtime.Storage.Sqlite;

internal sealed class SqliteShardLeaseTable(SqliteDatabase database) : IShardLeaseTable
{
    private const string AcquireSql =
        "UPDATE shard_leases SET owner = $owner, epoch = epoch + 1, expires_at = $expires_at " +
        "WHERE shard = $shard AND ($force OR expires_at <= $now) RETURNING epoch";

    private const string RenewSql =
        "UPDATE shard_leases SET expires_at = $expires_at WHERE shard = $shard AND owner = $owner AND epoch = $epoch";

    public Task<int> InitializeShardCountAsync(int requested, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requested);
        return database.WriteAsync(context =>
        {
            context.Execute("INSERT INTO cluster_config (id, shard_count) VALUES (1, $count) ON CONFLICT DO NOTHING", ("$count", requested));
            var count = Convert.ToInt32(context.Scalar("SELECT shard_count FROM cluster_config WHERE id = 1"), CultureInfo.InvariantCulture);
            for (var shard = 0; shard < count; shard++)
            {
                context.Execute("INSERT INTO shard_leases (shard, owner, epoch, expires_at) VALUES ($shard, '', 0, 0) ON CONFLICT DO NOTHING", ("$shard", shard));
            }

            return count;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ShardLease>> ReadAllAsync(CancellationToken cancellationToken)
        => database.ReadAsync<IReadOnlyList<ShardLease>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT shard, owner, epoch, expires_at FROM shard_leases ORDER BY shard";
            using var reader = command.ExecuteReader();
            var leases = new List<ShardLease>();
            while (reader.Read())
            {
                leases.Add(new ShardLease(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            return leases;
        }, cancellationToken);

    public Task<IReadOnlyList<ShardLease>> AcquireAsync(string owner, IReadOnlyCollection<int> shards, long now, long expiresAt, bool force, CancellationToken cancellationToken)
        => database.WriteAsync<IReadOnlyList<ShardLease>>(context =>
        {
            var taken = new List<ShardLease>();
            foreach (var shard in shards.Distinct().Order())
            {
                var epoch = context.Scalar(AcquireSql, ("$owner", owner), ("$expires_at", expiresAt), ("$shard", shard), ("$force", force), ("$now", now));
                if (epoch is not null)
                {
                    taken.Add(new ShardLease(shard, owner, Convert.ToInt64(epoch, CultureInfo.InvariantCulture), expiresAt));
                }
            }

            return taken;
        }, cancellationToken);

    public Task<IReadOnlyList<int>> RenewAsync(string owner, IReadOnlyCollection<ShardLease> held, long expiresAt, CancellationToken cancellationToken)
        => database.WriteAsync<IReadOnlyList<int>>(context =>
        {
            var renewed = new List<int>();
            foreach (var lease in held)
            {
                if (context.Execute(RenewSql, ("$expires_at", expiresAt), ("$shard", lease.Shard), ("$owner", owner), ("$epoch", lease.Epoch)) > 0)
                {
                    renewed.Add(lease.Shard);
                }
            }

            return renewed;
        }, cancellationToken);

    public Task ReleaseAsync(string owner, IReadOnlyCollection<ShardLease> held, CancellationToken cancellationToken)
        => database.WriteAsync(context =>
        {
            foreach (var lease in held)
            {
                context.Execute(RenewSql, ("$expires_at", 0L), ("$shard", lease.Shard), ("$owner", owner), ("$epoch", lease.Epoch));
            }

            return 0;
        }, cancellationToken);
}
