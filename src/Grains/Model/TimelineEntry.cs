using System.Text.Json;

namespace Orleans.Widgets.Grains.Model;

/// <summary>One entry of a timeline: what the widget shows from <see cref="Date"/> on.</summary>
/// <param name="Date">When the entry becomes current.</param>
/// <param name="Content">What the widget needs to render it (any JSON, at most 64 KiB).</param>
/// <param name="Relevance">Optional relevance score (for stacks).</param>
public sealed record TimelineEntry(DateTimeOffset Date, JsonElement Content, double? Relevance = null);
