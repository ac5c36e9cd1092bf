using System.Text.Json;

namespace Orleans.Widgets.Client;

/// <summary>A widget's state as the server reports it.</summary>
/// <param name="WidgetId">The widget instance's id.</param>
/// <param name="Kind">The widget kind.</param>
/// <param name="Family">The size family.</param>
/// <param name="Device">The device id.</param>
/// <param name="Configuration">The user's choices.</param>
/// <param name="Timeline">The current timeline, if one was loaded.</param>
/// <param name="CurrentEntry">The entry shown now.</param>
/// <param name="Budget">The reload budget.</param>
/// <param name="NextReloadAt">When the next reload is due, if any.</param>
/// <param name="LastReload">The last reload that applied a timeline.</param>
/// <param name="Pending">A wanted reload that waits, and why.</param>
/// <param name="LastError">The last provider error, until a reload succeeds.</param>
public sealed record WidgetStatus(
    string WidgetId,
    string Kind,
    string Family,
    string Device,
    IReadOnlyDictionary<string, string> Configuration,
    WidgetTimeline? Timeline,
    WidgetTimelineEntry? CurrentEntry,
    WidgetBudget Budget,
    DateTimeOffset? NextReloadAt,
    WidgetLastReload? LastReload,
    WidgetPendingReload? Pending,
    string? LastError);

/// <summary>A timeline: entries and reload policy.</summary>
/// <param name="Entries">The entries, by date.</param>
/// <param name="Policy">When to ask for the next timeline.</param>
public sealed record WidgetTimeline(IReadOnlyList<WidgetTimelineEntry> Entries, WidgetReloadPolicy Policy);

/// <summary>One timeline entry.</summary>
/// <param name="Date">When the entry becomes current.</param>
/// <param name="Content">What the widget renders.</param>
/// <param name="Relevance">Optional relevance score.</param>
public sealed record WidgetTimelineEntry(DateTimeOffset Date, JsonElement Content, double? Relevance);

/// <summary>A reload policy.</summary>
/// <param name="Type"><c>atEnd</c>, <c>after</c> or <c>never</c>.</param>
/// <param name="Date">The date of <c>after</c>.</param>
public sealed record WidgetReloadPolicy(string Type, DateTimeOffset? Date);

/// <summary>The reload budget as seen now.</summary>
/// <param name="Limit">Counted reloads allowed in the window.</param>
/// <param name="Used">Counted reloads spent.</param>
/// <param name="Remaining">Counted reloads left.</param>
/// <param name="WindowStart">Start of the 24-hour window.</param>
/// <param name="WindowEnd">End of the window.</param>
public sealed record WidgetBudget(int Limit, int Used, int Remaining, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

/// <summary>The last reload that applied a timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Reason">Why, e.g. <c>added</c> or <c>appRequested</c>.</param>
/// <param name="Counted">Whether it counted against the budget.</param>
public sealed record WidgetLastReload(DateTimeOffset At, string Reason, bool Counted);

/// <summary>A reload that is wanted but waits.</summary>
/// <param name="Reason">Why it is wanted.</param>
/// <param name="Since">Since when.</param>
/// <param name="NotBefore">The earliest it may run.</param>
/// <param name="WaitingFor">What it waits for (budget, spacing, provider backoff).</param>
public sealed record WidgetPendingReload(string Reason, DateTimeOffset Since, DateTimeOffset NotBefore, string WaitingFor);
