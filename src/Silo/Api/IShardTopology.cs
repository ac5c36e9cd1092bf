namespace Orleans.Widgets.Silo.Api;

/// <summary>How many shards the cluster's database has, so that a reload can reach every partition of a kind.</summary>
public interface IShardTopology
{
    /// <summary>The number of shards (partitions of a kind are numbered 0 to this minus 1).</summary>
    int ShardCount { get; }
}
