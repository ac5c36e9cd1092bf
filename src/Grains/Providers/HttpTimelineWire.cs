using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>The body of <c>POST {url}</c>: a batch of widgets of one kind.</summary>
internal sealed record WireBatchRequest(string App, string Kind, IReadOnlyList<WireWidgetRequest> Requests);

/// <summary>One widget of a batch request; <see cref="Reason"/> is the camelCase name of a reload reason.</summary>
internal sealed record WireWidgetRequest(
    string WidgetId,
    string Family,
    IReadOnlyDictionary<string, string> Configuration,
    string Reason,
    DateTimeOffset Now);

/// <summary>The provider's answer.</summary>
internal sealed record WireBatchResponse(IReadOnlyList<WireTimeline?>? Timelines);

/// <summary>One widget's timeline in the answer.</summary>
internal sealed record WireTimeline(string? WidgetId, IReadOnlyList<WireEntry?>? Entries, WirePolicy? Policy);

/// <summary>One entry of a timeline in the answer.</summary>
internal sealed record WireEntry(DateTimeOffset? Date, JsonElement Content, double? Relevance);

/// <summary>A reload policy in the answer: <c>atEnd</c>, <c>after</c> (with a date) or <c>never</c>.</summary>
internal sealed record WirePolicy(string? Type, DateTimeOffset? Date);

/// <summary>Source-generated serialization of the HTTP provider contract (camelCase, nulls left out).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(WireBatchRequest))]
[JsonSerializable(typeof(WireBatchResponse))]
internal sealed partial class HttpTimelineJsonContext : JsonSerializerContext;
