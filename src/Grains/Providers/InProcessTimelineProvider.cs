using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>
/// A timeline provider written in the app's own code, one widget at a time, like WidgetKit's TimelineProvider:
/// override <see cref="Placeholder"/> and <see cref="GetTimelineAsync"/> (and <see cref="GetSnapshotAsync"/> if a
/// preview differs from the current entry). This class adapts them to batches.
/// </summary>
/// <remarks>
/// Widgets of a batch are asked for at most <see cref="MaxConcurrency"/> at a time. An exception thrown for one
/// widget is a failure for that widget only; cancellation by the caller cancels the batch.
/// </remarks>
public abstract class InProcessTimelineProvider : ITimelineProvider
{
    /// <summary>Most widgets of one batch whose timelines are computed at once (1 = one after another).</summary>
    protected virtual int MaxConcurrency => 1;

    /// <inheritdoc />
    public abstract TimelineEntry Placeholder(TimelineContext context);

    /// <summary>The timeline of one widget: its entries and when to ask again.</summary>
    /// <param name="context">The widget, its configuration and the current time.</param>
    /// <param name="reason">Why the widget is reloaded.</param>
    /// <param name="cancellationToken">Canceled when the caller gives up.</param>
    public abstract Task<Timeline> GetTimelineAsync(TimelineContext context, ReloadReason reason, CancellationToken cancellationToken);

    /// <inheritdoc />
    /// <remarks>By default the entry of the widget's timeline that is current at <see cref="TimelineContext.Now"/>.</remarks>
    public virtual async Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timeline = await GetTimelineAsync(context, ReloadReason.Added, cancellationToken);
        return timeline.CurrentEntry(context.Now) ?? Placeholder(context);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TimelineResult>> GetTimelinesAsync(TimelineBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var results = new TimelineResult[batch.Requests.Count];
        var concurrency = Math.Max(1, MaxConcurrency);
        if (concurrency == 1 || results.Length <= 1)
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = await GetOneAsync(batch, batch.Requests[i], cancellationToken);
            }

            return results;
        }

        await Parallel.ForAsync(
            0,
            results.Length,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await GetOneAsync(batch, batch.Requests[i], token));
        return results;
    }

    /// <summary>The context a widget of <paramref name="batch"/> is asked with.</summary>
    protected static TimelineContext ContextOf(TimelineBatch batch, TimelineRequest request)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(request);
        return new TimelineContext(batch.App, batch.Kind, request.WidgetId, request.Family, request.Configuration, request.Now);
    }

    private async Task<TimelineResult> GetOneAsync(TimelineBatch batch, TimelineRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var timeline = await GetTimelineAsync(ContextOf(batch, request), request.Reason, cancellationToken);
            return timeline is null
                ? TimelineResult.Failure(request.WidgetId, "the provider returned no timeline")
                : TimelineResult.Success(request.WidgetId, timeline);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TimelineResult.Failure(request.WidgetId, $"the provider failed: {exception.Message}");
        }
    }
}
