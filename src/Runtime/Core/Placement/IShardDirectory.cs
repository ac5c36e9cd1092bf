namespace Orleans.Widgets.Runtime.Placement;

/// <summary>A live silo's identity and the endpoint it accepts silo and client connections on.</summary>
public sealed record SiloEndpoint(string SiloId, string Host, int Port)
{
    /// <inheritdoc />
    public override string ToString() => $"{SiloId}@{Host}:{Port}";
}

/// <summary>
/// Which silo holds each shard, as this silo last read it from the lease and membership tables. The call path
/// reads it without I/O; a "not the owner" reply makes the caller refresh it.
/// </summary>
internal interface IShardDirectory
{
    /// <summary>The silo that held <paramref name="shard"/> at the last refresh, with that lease's epoch.</summary>
    bool TryGetOwner(int shard, out SiloEndpoint owner, out long epoch);

    /// <summary>Re-reads the leases and live silos; concurrent callers share one read.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);
}
