using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Coalescing;

/// <summary>
/// Collects the reloads of one kind in one shard that fall due within the kind's coalescing window and asks the
/// provider for all of them in one call. Visible widgets go first; at most one call per <see cref="MinCallGap"/>,
/// so a storm is spread forward in time instead of hitting the provider at once. The queue is in memory: a widget
/// whose reload is lost with the activation retries from its own durable state.
/// </summary>
public sealed partial class CoalescerGrain : Grain, ICoalescerGrain
{
    /// <summary>Most widgets in one provider call.</summary>
    public const int MaxBatchSize = 500;

    /// <summary>Least time between two provider calls of one partition (the partition's share of the kind's rate cap).</summary>
    public static readonly TimeSpan MinCallGap = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan DefinitionCacheAge = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SmallestWindow = TimeSpan.FromMilliseconds(1);

    private readonly ITimelineProviderResolver _providers;
    private readonly TimeProvider _time;
    private readonly ReloadWorkTracker _tracker;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    // One entry per widget, so a repeated request replaces the queued one in constant time.
    private readonly Dictionary<string, Queued> _queue = new(StringComparer.Ordinal);
    private long _enqueued;
    private IGrainTimer? _flushTimer;
    private DateTimeOffset _lastCall = DateTimeOffset.MinValue;
    private CachedKind? _kind;
    private string _app = string.Empty;
    private string _kindName = string.Empty;

    public CoalescerGrain(ITimelineProviderResolver providers, TimeProvider time, ReloadWorkTracker tracker, ILogger<CoalescerGrain> logger)
    {
        _providers = providers;
        _time = time;
        _tracker = tracker;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var parts = GetPrimaryKeyString().Split('/', 3);
        _app = parts[1];
        _kindName = parts[2];
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            WidgetInstruments.QueueDepth.Add(-_queue.Count);
            _queue.Clear();
        }

        return Task.CompletedTask;
    }

    public async Task Enqueue(CoalescedReload reload)
    {
        var kind = await GetKindAsync();
        lock (_lock)
        {
            if (_queue.TryGetValue(reload.WidgetId, out var queued))
            {
                // A request older than the queued one is stale: the widget has asked again since.
                if (queued.Reload.ReloadSequence > reload.ReloadSequence)
                {
                    return;
                }
            }
            else
            {
                WidgetInstruments.QueueDepth.Add(1);
            }

            _queue[reload.WidgetId] = new Queued(reload, _time.GetUtcNow(), ++_enqueued);
            if (_flushTimer is null)
            {
                _flushTimer = RegisterGrainTimer(FlushAsync, Delay(kind.CoalesceWindow), Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Until the next flush: the oldest queued reload's window, and never sooner than <see cref="MinCallGap"/> after the
    /// last call. The lock is held.
    /// </summary>
    private TimeSpan Delay(TimeSpan window)
    {
        var now = _time.GetUtcNow();
        var oldest = _queue.Count == 0 ? now : _queue.Values.Min(q => q.QueuedAt);
        // A flush takes only reloads queued before its instant, so even a zero window waits for the clock to move: a
        // simulated clock does not move between timers due at the same instant, and a zero delay would spin.
        var dueAt = oldest + (window > SmallestWindow ? window : SmallestWindow);
        var earliest = _lastCall + MinCallGap;
        var delay = (dueAt > earliest ? dueAt : earliest) - now;
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<Queued> batch;
        IGrainTimer? firing;
        lock (_lock)
        {
            // Disposed only once the batch is delivered: disposing a timer cancels the token of its running tick, which
            // would cancel this very provider call. A one-shot timer does not fire again meanwhile.
            firing = _flushTimer;
            _flushTimer = null;
            // A reload queued at the very instant of the flush waits for the next one, whichever of the two ran first,
            // so the batches do not depend on the order of simultaneous turns.
            var now = _time.GetUtcNow();
            batch = _queue.Values.Where(q => q.QueuedAt < now)
                .OrderByDescending(q => q.Reload.Visible).ThenBy(q => q.QueuedAt).ThenBy(q => q.Order)
                .Take(MaxBatchSize).ToList();
            foreach (var item in batch)
            {
                _queue.Remove(item.Reload.WidgetId);
            }

            WidgetInstruments.QueueDepth.Add(-batch.Count);
        }

        try
        {
            if (batch.Count > 0)
            {
                _lastCall = _time.GetUtcNow();
                await CallProviderAsync(batch, cancellationToken);
            }
        }
        finally
        {
            firing?.Dispose();
        }

        lock (_lock)
        {
            if (_queue.Count > 0 && _flushTimer is null)
            {
                _flushTimer = RegisterGrainTimer(FlushAsync, Delay(_kind?.Kind.CoalesceWindow ?? TimeSpan.Zero), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private async Task CallProviderAsync(List<Queued> batch, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        using var activity = WidgetInstruments.ActivitySource.StartActivity("coalescer.batch");
        activity?.SetTag("widgets.kind", _kindName).SetTag("widgets.batch.size", batch.Count);
        WidgetInstruments.BatchSize.Record(batch.Count, new KeyValuePair<string, object?>("widgets.kind", _kindName));
        foreach (var item in batch)
        {
            WidgetInstruments.QueueDelay.Record((now - item.QueuedAt).TotalSeconds);
        }

        Dictionary<string, TimelineResult> results;
        string? batchError = null;
        try
        {
            var kind = await GetKindAsync();
            var provider = _providers.Resolve(_app, kind);
            var request = new TimelineBatch(_app, _kindName, batch.Select(q => new TimelineRequest(q.Reload.WidgetId, q.Reload.Family, q.Reload.Configuration, q.Reload.Reason, now)).ToList());
            var answers = await provider.GetTimelinesAsync(request, cancellationToken);
            results = new Dictionary<string, TimelineResult>(answers.Count, StringComparer.Ordinal);
            foreach (var answer in answers)
            {
                results.TryAdd(answer.WidgetId, answer);
            }
        }
        catch (Exception ex)
        {
            batchError = $"The provider call failed: {ex.Message}";
            results = [];
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message).SetTag("error.type", ex.GetType().FullName);
            LogProviderFailed(ex, _kindName, batch.Count);
        }

        var deliveries = new List<Task>(batch.Count);
        foreach (var item in batch)
        {
            var outcome = batchError is not null
                ? new TimelineBatchOutcome(item.Reload.ReloadSequence, now, null, batchError)
                : results.TryGetValue(item.Reload.WidgetId, out var result)
                    ? ToOutcome(item.Reload, result, now)
                    : new TimelineBatchOutcome(item.Reload.ReloadSequence, now, null, "The provider's answer left out this widget.");
            deliveries.Add(GrainFactory.GetGrain<IWidgetGrain>(WidgetKeys.Widget(_app, item.Reload.WidgetId)).ApplyProviderResult(outcome));
        }

        var all = Task.WhenAll(deliveries);
        _tracker.Track(all, "timeline delivery");
        await all.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static TimelineBatchOutcome ToOutcome(CoalescedReload reload, TimelineResult result, DateTimeOffset now)
    {
        if (result.Timeline is null)
        {
            return new TimelineBatchOutcome(reload.ReloadSequence, now, null, result.Error ?? "The provider returned no timeline.");
        }

        return TimelineValidator.TryValidate(result.Timeline, now, out var valid, out var error)
            ? new TimelineBatchOutcome(reload.ReloadSequence, now, valid, null)
            : new TimelineBatchOutcome(reload.ReloadSequence, now, null, $"The provider's timeline is invalid: {error}");
    }

    // Called once per queued reload: the cached answer comes back without allocating a task.
    private ValueTask<KindSettings> GetKindAsync()
    {
        var now = _time.GetUtcNow();
        if (Volatile.Read(ref _kind) is { } cached && now - cached.ReadAt < DefinitionCacheAge)
        {
            return new ValueTask<KindSettings>(cached.Kind);
        }

        return new ValueTask<KindSettings>(ReadKindAsync(now));
    }

    private async Task<KindSettings> ReadKindAsync(DateTimeOffset now)
    {
        var definition = await GrainFactory.GetGrain<IAppGrain>(_app).GetDefinition()
            ?? throw new InvalidOperationException($"App '{_app}' does not exist.");
        var kind = definition.FindKind(_kindName) ?? throw new InvalidOperationException($"App '{_app}' has no kind '{_kindName}'.");
        Volatile.Write(ref _kind, new CachedKind(kind, now));
        return kind;
    }

    // A reference, so interleaved Enqueue calls never see a torn value.
    private sealed record CachedKind(KindSettings Kind, DateTimeOffset ReadAt);

    // Order: arrival, which breaks ties between reloads queued at the same instant.
    private sealed record Queued(CoalescedReload Reload, DateTimeOffset QueuedAt, long Order);

    [LoggerMessage(1, LogLevel.Warning, "The provider of kind {Kind} failed for a batch of {Count}; the widgets keep their timelines and retry.")]
    private partial void LogProviderFailed(Exception exception, string kind, int count);
}
