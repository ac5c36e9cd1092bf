using System.Text.Json;

namespace Orleans.Widgets.Silo.Api;

/// <summary><c>PUT /v1/apps/{app}/widgets/{widgetId}</c>.</summary>
internal sealed class WidgetRequest
{
    public string? Kind { get; set; }

    public string? Family { get; set; }

    public string? Device { get; set; }

    /// <summary>Read as JSON values so that a non-string value is reported by name.</summary>
    public Dictionary<string, JsonElement>? Configuration { get; set; }
}

/// <summary><c>POST /v1/apps/{app}/widgets/{widgetId}/events</c>: <c>visible</c>, <c>hidden</c> or <c>interaction</c>.</summary>
internal sealed class WidgetEventRequest
{
    public string? Type { get; set; }
}

/// <summary>A widget's status.</summary>
internal sealed record WidgetStatusResponse(
    string WidgetId,
    string Kind,
    string Family,
    string Device,
    IReadOnlyDictionary<string, string> Configuration,
    TimelineResponse? Timeline,
    TimelineEntryResponse? CurrentEntry,
    BudgetResponse Budget,
    DateTimeOffset? NextReloadAt,
    LastReloadResponse? LastReload,
    PendingResponse? Pending,
    string? LastError);

/// <summary>A timeline: entries and reload policy.</summary>
internal sealed record TimelineResponse(IReadOnlyList<TimelineEntryResponse> Entries, PolicyResponse Policy);

/// <summary>One timeline entry.</summary>
internal sealed record TimelineEntryResponse(DateTimeOffset Date, JsonElement Content, double? Relevance);

/// <summary>A reload policy: <c>atEnd</c>, <c>after</c> (with <c>date</c>) or <c>never</c>.</summary>
internal sealed record PolicyResponse(string Type, DateTimeOffset? Date);

/// <summary>The reload budget as seen now.</summary>
internal sealed record BudgetResponse(int Limit, int Used, int Remaining, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

/// <summary>The last reload that applied a timeline.</summary>
internal sealed record LastReloadResponse(DateTimeOffset At, string Reason, bool Counted);

/// <summary>A wanted reload that waits, and for what.</summary>
internal sealed record PendingResponse(string Reason, DateTimeOffset Since, DateTimeOffset NotBefore, string WaitingFor);
