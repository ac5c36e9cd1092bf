namespace Orleans.Widgets.Grains.Model;

/// <summary>
/// Where a kind's background session events go: an in-process handler registered by name (<see cref="Builtin"/>) or an
/// app server's callback URL (<see cref="Url"/>); exactly one of the two.
/// </summary>
public sealed record SessionHandlerSettings
{
    /// <summary>The app server's callback, <c>POST</c>ed one JSON event at a time.</summary>
    public Uri? Url { get; init; }

    /// <summary>The name of an in-process handler registered in the silo.</summary>
    public string? Builtin { get; init; }
}
