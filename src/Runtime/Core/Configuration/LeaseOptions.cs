namespace Orleans.Widgets.Runtime.Configuration;

/// <summary>Shard lease settings (section <c>Widgets:Leases</c>).</summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Widgets:Leases";

    /// <summary>How long a lease holds without renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often held leases are renewed (well below <see cref="LeaseDuration"/>).</summary>
    public TimeSpan RenewPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
