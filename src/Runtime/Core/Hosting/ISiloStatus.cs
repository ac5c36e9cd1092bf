namespace Orleans.Widgets.Hosting;

/// <summary>What a silo reports about itself, for health checks and logs.</summary>
public interface ISiloStatus
{
    /// <summary>
    /// This silo's id: its name plus a generation, distinct for every start and for every rejoin after the cluster
    /// declared it dead.
    /// </summary>
    string SiloId { get; }

    /// <summary>Where the silo's data lives (never a password); empty until the store is open.</summary>
    string StoreDescription { get; }

    /// <summary>
    /// Whether the silo serves calls: store open, schema current, shard leases held (in a cluster: joined, and holding
    /// its share of the shards or the cluster balanced).
    /// </summary>
    bool IsReady { get; }

    /// <summary>Why the silo is not ready, or <see langword="null"/>.</summary>
    string? NotReadyReason { get; }

    /// <summary>Number of live activations.</summary>
    int ActivationCount { get; }
}
