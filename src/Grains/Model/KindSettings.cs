namespace Orleans.Widgets.Grains.Model;

/// <summary>How one widget kind of an app is served.</summary>
public sealed record KindSettings
{
    /// <summary>The floor of <see cref="MinReloadInterval"/> outside tests.</summary>
    public static readonly TimeSpan MinimumReloadInterval = TimeSpan.FromMinutes(5);

    public required string Kind { get; init; }

    /// <summary>URL of the app server's timeline endpoint, or <see langword="null"/> with <see cref="BuiltinProvider"/>.</summary>
    public Uri? ProviderUrl { get; init; }

    /// <summary>Name of an in-process provider registered in the silo.</summary>
    public string? BuiltinProvider { get; init; }

    /// <summary>No reload sooner than this after the previous one (at least 5 minutes).</summary>
    public TimeSpan MinReloadInterval { get; init; } = MinimumReloadInterval;

    /// <summary>Reloads due within this window of each other share one provider call.</summary>
    public TimeSpan CoalesceWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether widgets of the kind reload after a significant location change.</summary>
    public bool UsesLocation { get; init; }

    /// <summary>Where the kind's background session events go; a kind without one cannot have sessions.</summary>
    public SessionHandlerSettings? SessionHandler { get; init; }
}
