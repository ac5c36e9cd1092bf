using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Placement;

/// <summary>The lease and membership tables as one renewal round read them, at <paramref name="Now"/> (Unix ms).</summary>
internal sealed record LeaseSnapshot(IReadOnlyList<ShardLease> Leases, IReadOnlyList<MembershipEntry> Silos, long Now);
