namespace Orleans.Widgets.Runtime.Placement;

/// <summary>Maps grain ids to the fixed set of shards stored with the database.</summary>
internal sealed class ShardMap
{
    public ShardMap(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ShardCount = shardCount;
    }

    public int ShardCount { get; }

    public int GetShard(GrainId id) => (int)(StableHash.Compute(id) % (uint)ShardCount);
}
