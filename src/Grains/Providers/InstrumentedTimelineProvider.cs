using System.Diagnostics;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>
/// Wraps a built-in provider: traces and measures each batch like the HTTP provider does, and holds its
/// timelines to the same rules (<see cref="TimelineValidator"/>, one result per widget asked about).
/// </summary>
internal sealed class InstrumentedTimelineProvider(ITimelineProvider inner) : ITimelineProvider
{
    public ITimelineProvider Inner { get; } = inner;

    public TimelineEntry Placeholder(TimelineContext context) => Inner.Placeholder(context);

    public Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken) =>
        Inner.GetSnapshotAsync(context, cancellationToken);

    public async Task<IReadOnlyList<TimelineResult>> GetTimelinesAsync(TimelineBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = ProviderCallScope.Start(batch.Kind, ProviderInstruments.ProviderTypeBuiltin, batch.Requests.Count, ActivityKind.Internal);
        IReadOnlyList<TimelineResult> answer;
        try
        {
            answer = await Inner.GetTimelinesAsync(batch, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            scope.Fail("canceled", "the caller canceled the call");
            throw;
        }
        catch (Exception exception)
        {
            scope.Fail(exception is TimelineProviderException provider ? provider.ErrorType : exception.GetType().FullName ?? "unknown", exception.Message);
            throw;
        }

        var byWidget = new Dictionary<string, TimelineResult>(StringComparer.Ordinal);
        foreach (var result in answer ?? [])
        {
            if (result is not null)
            {
                byWidget.TryAdd(result.WidgetId, result);
            }
        }

        var results = new TimelineResult[batch.Requests.Count];
        int missing = 0, invalid = 0, failed = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var request = batch.Requests[i];
            if (!byWidget.TryGetValue(request.WidgetId, out var result))
            {
                missing++;
                results[i] = TimelineResult.Failure(request.WidgetId, HttpTimelineProvider.MissingWidgetError);
            }
            else if (result.Timeline is null)
            {
                failed++;
                results[i] = TimelineResult.Failure(request.WidgetId, result.Error ?? "the provider returned no timeline");
            }
            else if (TimelineValidator.TryValidate(result.Timeline, request.Now, out var normalized, out var error))
            {
                results[i] = TimelineResult.Success(request.WidgetId, normalized);
            }
            else
            {
                invalid++;
                results[i] = TimelineResult.Failure(request.WidgetId, $"the provider's timeline is not valid: {error}");
            }
        }

        scope.WidgetsFailed("missing_widget", missing);
        scope.WidgetsFailed("invalid_timeline", invalid);
        scope.WidgetsFailed("widget_failed", failed);
        return results;
    }
}
