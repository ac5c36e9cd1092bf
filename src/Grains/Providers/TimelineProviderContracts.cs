using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>What a provider knows about one widget when asked for its timeline.</summary>
public sealed record TimelineContext(string App, string Kind, string WidgetId, string Family, IReadOnlyDictionary<string, string> Configuration, DateTimeOffset Now);

/// <summary>One widget in a batched timeline request.</summary>
public sealed record TimelineRequest(string WidgetId, string Family, IReadOnlyDictionary<string, string> Configuration, ReloadReason Reason, DateTimeOffset Now);

/// <summary>A batched timeline request: widgets of one kind of one app.</summary>
public sealed record TimelineBatch(string App, string Kind, IReadOnlyList<TimelineRequest> Requests);

/// <summary>The answer for one widget: a timeline, or why there is none (a failure for that widget only).</summary>
public sealed record TimelineResult(string WidgetId, Timeline? Timeline, string? Error)
{
    public static TimelineResult Success(string widgetId, Timeline timeline) => new(widgetId, timeline, null);

    public static TimelineResult Failure(string widgetId, string error) => new(widgetId, null, error);
}

/// <summary>
/// Supplies timelines for a kind, modelled on WidgetKit's TimelineProvider: a placeholder shown before any
/// timeline exists, a snapshot for previews, and timelines, asked for in batches.
/// </summary>
public interface ITimelineProvider
{
    /// <summary>An entry to show while the first timeline loads; must not block.</summary>
    TimelineEntry Placeholder(TimelineContext context);

    /// <summary>One entry showing the widget as it would be now (previews).</summary>
    Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Timelines for a batch of widgets. A widget missing from the answer, or answered with an error, failed;
    /// an exception fails the whole batch. Either way the widgets keep their old timelines.
    /// </summary>
    Task<IReadOnlyList<TimelineResult>> GetTimelinesAsync(TimelineBatch batch, CancellationToken cancellationToken);
}

/// <summary>Finds the provider of a kind: a built-in one by name or the app server's HTTP endpoint.</summary>
public interface ITimelineProviderResolver
{
    /// <exception cref="InvalidOperationException">No built-in provider has the kind's name.</exception>
    ITimelineProvider Resolve(string app, KindSettings kind);
}
