namespace Orleans.Widgets.Runtime.Configuration;

/// <summary>Cluster membership and silo-to-silo transport settings (section <c>Widgets:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Widgets:Cluster";

    /// <summary>
    /// Whether this silo joins a cluster: it registers in the membership table, shares the shards with the other
    /// live silos and accepts calls from them and from clients. Needs a store several processes can share (PostgreSQL).
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The address this silo listens on for other silos and clients (the gateway).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port this silo listens on; 0 picks a free port (tests).</summary>
    public int Port { get; set; }

    /// <summary>How often a silo writes its heartbeat to the membership table.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A silo whose heartbeat is older than this is declared dead by the others.</summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
