namespace Orleans.Widgets.Silo.Configuration;

/// <summary>Settings of the silo host process (section <c>Widgets</c>): where it listens and how it stops.</summary>
public sealed class SiloHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Widgets";

    /// <summary>TCP port of the HTTP endpoint (health, API). 0 lets the system pick a free port.</summary>
    public int Port { get; set; } = 5400;

    /// <summary>IP address the HTTP endpoint listens on, and the only one (<c>0.0.0.0</c> for every IPv4 interface).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a graceful stop (deactivating grains, flushing writes, releasing leases) may take.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
