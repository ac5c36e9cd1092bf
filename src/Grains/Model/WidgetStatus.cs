namespace Orleans.Widgets.Grains.Model;

/// <summary>A widget's state as the REST API reports it.</summary>
public sealed record WidgetStatus
{
    public required string WidgetId { get; init; }

    public required string Kind { get; init; }

    public required string Family { get; init; }

    public required string Device { get; init; }

    public required IReadOnlyDictionary<string, string> Configuration { get; init; }

    public Timeline? Timeline { get; init; }

    public TimelineEntry? CurrentEntry { get; init; }

    public required BudgetStatus Budget { get; init; }

    public DateTimeOffset? NextReloadAt { get; init; }

    public LastReload? LastReload { get; init; }

    /// <summary>Why a pending reload waits (budget, spacing, provider backoff), or <see langword="null"/>.</summary>
    public PendingReload? Pending { get; init; }

    /// <summary>The last provider error, until a reload succeeds.</summary>
    public string? LastError { get; init; }
}

/// <summary>The budget as seen now.</summary>
public sealed record BudgetStatus(int Limit, int Used, int Remaining, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

/// <summary>The last reload that applied a timeline.</summary>
public sealed record LastReload(DateTimeOffset At, ReloadReason Reason, bool Counted);

/// <summary>A reload that is wanted but waits.</summary>
public sealed record PendingReload(ReloadReason Reason, DateTimeOffset Since, DateTimeOffset NotBefore, string WaitingFor);

/// <summary>One entry of a device's configuration list.</summary>
public sealed record WidgetConfiguration(string WidgetId, string Kind, string Family, IReadOnlyDictionary<string, string> Configuration);
