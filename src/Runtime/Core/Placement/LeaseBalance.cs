using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Placement;

/// <summary>
/// What one silo does with leases in one round, toward a fair share of <c>ceil(shards / live silos)</c>: under its
/// share it takes free leases (released, never taken, or expired, including a dead silo's once they expire); over it,
/// it hands back as many as the silos under their share can take beyond the leases already free. The shares add up to
/// at least the shard count, so the cluster settles with every shard held and every silo at or just below its share.
/// </summary>
internal sealed class LeaseBalance
{
    private readonly int _unownedCount;
    private readonly int _heldBefore;
    private readonly bool _othersOverShare;

    private LeaseBalance(int fairShare, int liveSilos, IReadOnlyList<int> toTake, IReadOnlyList<int> toHandBack, int unownedCount, int heldBefore, bool othersOverShare)
    {
        FairShare = fairShare;
        LiveSilos = liveSilos;
        ToTake = toTake;
        ToHandBack = toHandBack;
        _unownedCount = unownedCount;
        _heldBefore = heldBefore;
        _othersOverShare = othersOverShare;
    }

    /// <summary>ceil(shards / live silos).</summary>
    public int FairShare { get; }

    /// <summary>Live silos counted, this one included.</summary>
    public int LiveSilos { get; }

    /// <summary>Free shards to try to take, at most the shortfall.</summary>
    public IReadOnlyList<int> ToTake { get; }

    /// <summary>Held shards to hand back.</summary>
    public IReadOnlyList<int> ToHandBack { get; }

    /// <summary>
    /// Whether, once this silo holds <paramref name="heldNow"/> shards, every shard is held by a live silo and none holds
    /// more than its share (as far as this round's snapshot tells).
    /// </summary>
    public bool IsBalanced(int heldNow)
        => !_othersOverShare && heldNow <= FairShare && _unownedCount - Math.Max(0, heldNow - _heldBefore) <= 0;

    public static LeaseBalance Plan(LeaseSnapshot snapshot, string self, IReadOnlyCollection<int> held)
    {
        var live = snapshot.Silos.Where(s => s.IsLive).Select(s => s.SiloId).ToHashSet(StringComparer.Ordinal);
        live.Add(self);
        var shardCount = snapshot.Leases.Count;
        var fair = (shardCount + live.Count - 1) / live.Count;
        var heldSet = held.ToHashSet();

        var free = new List<int>();
        var unowned = 0;
        var owned = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var lease in snapshot.Leases)
        {
            if (heldSet.Contains(lease.Shard))
            {
                continue;
            }

            if (lease.ExpiresAt <= snapshot.Now)
            {
                free.Add(lease.Shard);
            }

            if (lease.ExpiresAt > snapshot.Now && live.Contains(lease.Owner) && !string.Equals(lease.Owner, self, StringComparison.Ordinal))
            {
                owned[lease.Owner] = owned.GetValueOrDefault(lease.Owner) + 1;
            }
            else
            {
                unowned++;
            }
        }

        var othersOverShare = owned.Values.Any(c => c > fair);
        if (heldSet.Count < fair)
        {
            // Silos start their scan at different shards so that two silos under their share rarely race for one lease.
            var start = free.Count == 0 ? 0 : (int)((uint)StringComparer.Ordinal.GetHashCode(self) % (uint)free.Count);
            var take = free.Skip(start).Concat(free.Take(start)).Take(fair - heldSet.Count).ToList();
            return new LeaseBalance(fair, live.Count, take, [], unowned, heldSet.Count, othersOverShare);
        }

        if (heldSet.Count > fair)
        {
            var deficit = live.Where(s => !string.Equals(s, self, StringComparison.Ordinal)).Sum(s => Math.Max(0, fair - owned.GetValueOrDefault(s)));
            var excess = Math.Min(heldSet.Count - fair, Math.Max(0, deficit - free.Count));
            var handBack = heldSet.OrderDescending().Take(excess).ToList();
            return new LeaseBalance(fair, live.Count, [], handBack, unowned, heldSet.Count, othersOverShare);
        }

        return new LeaseBalance(fair, live.Count, [], [], unowned, heldSet.Count, othersOverShare);
    }
}
