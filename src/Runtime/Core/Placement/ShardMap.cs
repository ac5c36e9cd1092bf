namespace Orleans.Widgets.Runtime.Placement;

/// <summary>
/// Maps grain ids to the fixed set of shards stored with the database. A key of the form <c>#N/rest</c> names its
/// shard explicitly (N modulo the count), so partitioned grains can live in the shard of the grains they serve.
/// </summary>
internal sealed class ShardMap
{
    public ShardMap(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ShardCount = shardCount;
    }

    public int ShardCount { get; }

    public int GetShard(GrainId id)
        => TryParseExplicitShard(id.Key, out var shard) ? shard % ShardCount : (int)(StableHash.Compute(id) % (uint)ShardCount);

    /// <summary>The key a grain needs to live in <paramref name="shard"/>.</summary>
    public static string ExplicitKey(int shard, string rest) => $"#{shard}/{rest}";

    private static bool TryParseExplicitShard(string key, out int shard)
    {
        shard = 0;
        if (key.Length < 3 || key[0] != '#')
        {
            return false;
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 1 && int.TryParse(key.AsSpan(1, slash - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out shard);
    }
}
