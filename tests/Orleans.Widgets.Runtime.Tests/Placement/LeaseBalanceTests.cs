using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Tests.Placement;

public sealed class LeaseBalanceTests
{
    private const long Now = 1_700_000_000_000;
    private const long Valid = Now + 10_000;

    [Fact]
    public void A_silo_alone_takes_every_free_shard()
    {
        var plan = LeaseBalance.Plan(Snapshot(8, [], "a"), "a", []);

        Assert.Equal(8, plan.FairShare);
        Assert.Equal(Enumerable.Range(0, 8), plan.ToTake.Order());
        Assert.Empty(plan.ToHandBack);
    }

    [Fact]
    public void A_newcomer_takes_nothing_held_and_the_holder_hands_back_only_what_the_others_lack()
    {
        var leases = Enumerable.Range(0, 64).Select(s => new ShardLease(s, "a", 1, Valid)).ToList();
        var snapshot = Snapshot(leases, "a", "b", "c");

        var newcomer = LeaseBalance.Plan(snapshot, "b", []);
        Assert.Equal(22, newcomer.FairShare);
        Assert.Empty(newcomer.ToTake);
        Assert.False(newcomer.IsBalanced(0));

        var holder = LeaseBalance.Plan(snapshot, "a", [.. Enumerable.Range(0, 64)]);
        Assert.Equal(42, holder.ToHandBack.Count);
        Assert.Empty(holder.ToTake);
    }

    [Fact]
    public void Shards_already_free_count_against_what_an_over_share_silo_hands_back()
    {
        // a holds 40, b 10, 14 are free; fair share is 32, so b's shortfall of 22 is mostly covered by the free ones.
        var leases = Enumerable.Range(0, 64).Select(s => s switch
        {
            < 40 => new ShardLease(s, "a", 1, Valid),
            < 50 => new ShardLease(s, "b", 1, Valid),
            _ => new ShardLease(s, string.Empty, 0, 0),
        }).ToList();

        var plan = LeaseBalance.Plan(Snapshot(leases, "a", "b"), "a", [.. Enumerable.Range(0, 40)]);

        Assert.Equal(8, plan.ToHandBack.Count);
    }

    [Fact]
    public void A_dead_silos_leases_are_taken_only_once_expired()
    {
        var leases = new List<ShardLease>
        {
            new(0, "dead", 3, Valid),
            new(1, "dead", 3, Now),
            new(2, "a", 1, Valid),
            new(3, string.Empty, 0, 0),
        };

        var plan = LeaseBalance.Plan(Snapshot(leases, "a"), "a", [2]);

        Assert.Equal(4, plan.FairShare);
        Assert.Equal([1, 3], plan.ToTake.Order());
        Assert.False(plan.IsBalanced(3));
    }

    [Fact]
    public void A_silo_below_its_share_is_balanced_when_nothing_is_free_and_nobody_is_over()
    {
        var leases = Enumerable.Range(0, 64).Select(s => new ShardLease(s, s < 22 ? "a" : s < 44 ? "b" : "c", 1, Valid)).ToList();

        var plan = LeaseBalance.Plan(Snapshot(leases, "a", "b", "c"), "c", [.. Enumerable.Range(44, 20)]);

        Assert.Empty(plan.ToTake);
        Assert.Empty(plan.ToHandBack);
        Assert.True(plan.IsBalanced(20));
    }

    private static LeaseSnapshot Snapshot(int shards, IReadOnlyList<string> others, string self)
        => Snapshot(Enumerable.Range(0, shards).Select(s => new ShardLease(s, string.Empty, 0, 0)).ToList(), [self, .. others]);

    private static LeaseSnapshot Snapshot(IReadOnlyList<ShardLease> leases, params string[] live)
        => new(leases, [.. live.Select(s => new MembershipEntry(s, s, 1, "127.0.0.1", 0, MembershipStatus.Active, Now, Now))], Now);
}
