namespace Orleans.Widgets.Silo.Configuration;

/// <summary>Settings of the REST API (section <c>Widgets</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Widgets";

    /// <summary>The value of <see cref="Clock"/> that enables <c>POST /v1/clock/advance</c>.</summary>
    public const string SimulatedClock = "simulated";

    /// <summary>
    /// The admin API key (<c>Authorization: Bearer &lt;key&gt;</c>) that creates and configures apps. When unset, the
    /// silo generates one at start and logs it once.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>Which clock the silo runs on: <c>system</c> (the default) or <c>simulated</c>.</summary>
    public string? Clock { get; set; }

    /// <summary>How long a verified app key is remembered before the app grain is asked again.</summary>
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether <see cref="Clock"/> asks for a simulated clock.</summary>
    public bool IsClockSimulated => string.Equals(Clock, SimulatedClock, StringComparison.OrdinalIgnoreCase);
}
