using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Runtime.Tests.Placement;

public sealed class ShardMapTests
{
    private static readonly GrainType Type = GrainType.Create("shardmap-test");

    [Fact]
    public void Hash_placement_is_stable_and_spreads_keys()
    {
        var map = new ShardMap(64);
        // Stored rows depend on this value never changing.
        Assert.Equal(map.GetShard(new GrainId(Type, "widget-1")), new ShardMap(64).GetShard(new GrainId(Type, "widget-1")));
        var used = Enumerable.Range(0, 10_000).Select(i => map.GetShard(new GrainId(Type, $"w{i}"))).Distinct().Count();
        Assert.Equal(64, used);
    }

    [Theory]
    [InlineData("#5/app/kind", 5)]
    [InlineData("#69/app/kind", 5)]
    [InlineData("#0/x", 0)]
    public void Explicit_shard_keys_name_their_shard(string key, int expected)
        => Assert.Equal(expected, new ShardMap(64).GetShard(new GrainId(Type, key)));

    [Theory]
    [InlineData("#/x")]
    [InlineData("#-1/x")]
    [InlineData("#a/x")]
    [InlineData("#12")]
    public void Malformed_explicit_keys_fall_back_to_the_hash(string key)
    {
        var map = new ShardMap(64);
        var shard = map.GetShard(new GrainId(Type, key));
        Assert.InRange(shard, 0, 63);
    }
}
