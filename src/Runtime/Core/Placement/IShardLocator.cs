namespace Orleans.Widgets.Runtime;

/// <summary>Where grains live: the database's shard count and a grain's shard. Resolve from DI once the silo has started.</summary>
public interface IShardLocator
{
    /// <summary>The fixed number of shards.</summary>
    int ShardCount { get; }

    /// <summary>The shard <paramref name="grainId"/> belongs to.</summary>
    int GetShard(GrainId grainId);
}
