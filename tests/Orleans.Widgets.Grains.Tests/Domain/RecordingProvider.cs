using System.Text.Json;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>
/// A timeline provider for tests: records every batch it is asked, answers each widget with <see cref="Answer"/>
/// (a <see langword="null"/> answer leaves the widget out), and throws for the whole batch while <see cref="Failing"/>.
/// </summary>
public sealed class RecordingProvider : ITimelineProvider
{
    public const string Name = "recording";

    private readonly Lock _lock = new();
    private readonly List<TimelineBatch> _batches = [];
    private volatile bool _failing;

    /// <summary>The timeline for one request; by default one entry at the request's time and <c>never</c>.</summary>
    public Func<TimelineRequest, Timeline?> Answer { get; set; } = request => Never(request.Now);

    /// <summary>While set, every batch throws.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public IReadOnlyList<TimelineBatch> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>Every request for <paramref name="widgetId"/> of <paramref name="app"/>, in order.</summary>
    public IReadOnlyList<TimelineRequest> RequestsFor(string app, string widgetId)
        => [.. Batches.Where(b => b.App == app).SelectMany(b => b.Requests).Where(r => r.WidgetId == widgetId)];

    public static TimelineEntry Entry(DateTimeOffset date, string label = "")
        => new(date, JsonSerializer.SerializeToElement(label));

    public static Timeline Never(DateTimeOffset now) => new([Entry(now)], ReloadPolicy.Never);

    public static Timeline AtEnd(DateTimeOffset now, params TimeSpan[] offsets)
        => new([Entry(now), .. offsets.Select(o => Entry(now + o))], ReloadPolicy.AtEnd);

    public static Timeline After(DateTimeOffset now, TimeSpan after, params TimeSpan[] offsets)
        => new([Entry(now), .. offsets.Select(o => Entry(now + o))], ReloadPolicy.After(now + after));

    public TimelineEntry Placeholder(TimelineContext context) => Entry(context.Now, "placeholder");

    public Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken)
        => Task.FromResult(Entry(context.Now, "snapshot"));

    public Task<IReadOnlyList<TimelineResult>> GetTimelinesAsync(TimelineBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            _batches.Add(batch);
        }

        // As a real provider does (the HTTP one passes the token to its request): a call canceled by its caller fails.
        cancellationToken.ThrowIfCancellationRequested();
        if (_failing)
        {
            throw new InvalidOperationException("the test provider is down");
        }

        IReadOnlyList<TimelineResult> results =
        [
            .. batch.Requests
                .Select(r => (r.WidgetId, Timeline: Answer(r)))
                .Where(a => a.Timeline is not null)
                .Select(a => TimelineResult.Success(a.WidgetId, a.Timeline!)),
        ];
        return Task.FromResult(results);
    }
}
