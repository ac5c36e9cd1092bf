using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Indexing;

/// <summary>
/// One kind's instances in one shard, held in pages (<see cref="KindIndexPages"/>). An app-server reload is stored in
/// the partition's header before it is acknowledged and fans out to the matching widgets after the call returns (the
/// widgets may be calling this index at the same moment; waiting on them inside the turn could deadlock). It is
/// marked done only once every widget has durably taken it (<see cref="IAppReloadReceipts"/>): a state write of the
/// widget holds the reload id together with the reload it started, deferred or merged. The widgets need not write
/// when they take it: until the request is marked done a reminder on the partition brings it back after a crash, and
/// a fan-out whose receipts have not all come within <see cref="ReceiptDeadline"/> is delivered again, to the widgets
/// matching at that time. Widgets remember the reload ids they accepted, so one reached twice reloads once.
/// </summary>
public sealed partial class KindIndexGrain : Grain, IKindIndexGrain, IRemindable
{
    private const string FanOutReminder = "fan-out";
    // Registered only while a fan-out is stored, so a short period costs little; it bounds how long a fan-out cut off
    // by a silo's death waits on the silo that took the shard over.
    private static readonly TimeSpan FanOutRetry = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a fan-out waits for its receipts before it is delivered again. A widget that took the reload writes
    /// within its in-flight timeout (the kind's coalescing window, 30 s by default, plus the in-flight allowance) after
    /// a short deferral: the answer's write, or the timeout's failure write. Delivering again to a widget whose write is
    /// still to come (a kind with a longer window) only makes the fan-out wait again.
    /// </summary>
    public static readonly TimeSpan ReceiptDeadline = TimeSpan.FromSeconds(30) + WidgetGrain.InFlightAllowance + WidgetGrain.ShortDeferral + FanOutRetry;

    private readonly IPersistentState<KindIndexState> _header;
    private readonly KindIndexPages _pages;
    private readonly ReloadWorkTracker _tracker;
    private readonly IAppReloadReceipts _receipts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Fan-outs waiting for their receipts in this activation; each removes itself when it ends, outside a turn.
    private readonly ConcurrentDictionary<string, AppReloadWait> _running = new(StringComparer.Ordinal);
    private bool? _reminderHeld;

    public KindIndexGrain(
        [PersistentState("index")] IPersistentState<KindIndexState> header,
        ReloadWorkTracker tracker,
        IAppReloadReceipts receipts,
        TimeProvider time,
        ILogger<KindIndexGrain> logger)
    {
        _header = header;
        _tracker = tracker;
        _receipts = receipts;
        _time = time;
        _logger = logger;
        _pages = new KindIndexPages(page => GetPersistentState<KindIndexPage>(KindIndexPages.StateName(page)));
        var key = GetPrimaryKeyString();
        var parts = key.Split('/'); // "#shard/app/kind"; app ids and kinds contain no '/'.
        App = parts[1];
        Kind = parts[2];
    }

    private string App { get; }

    private string Kind { get; }

    private KindIndexState Header => _header.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _pages.LoadAsync(Header.PageCount);
        if (Header.Widgets.Count > 0)
        {
            // A partition stored whole, before pages: move its widgets, then empty the old row.
            foreach (var (widgetId, configuration) in Header.Widgets)
            {
                await PutAsync(widgetId, configuration);
            }

            Header.Widgets.Clear();
            await _header.WriteStateAsync(cancellationToken);
        }

        ResumeFanOuts();
    }

    public Task Add(string widgetId, IReadOnlyDictionary<string, string> configuration)
    {
        ArgumentException.ThrowIfNullOrEmpty(widgetId);
        ArgumentNullException.ThrowIfNull(configuration);
        return _pages.Find(widgetId) is { } existing && SameConfiguration(existing, configuration)
            ? Task.CompletedTask
            : PutAsync(widgetId, configuration);
    }

    public async Task Remove(string widgetId) => await _pages.RemoveAsync(widgetId);

    public async Task<int> Reload(string reloadId, IReadOnlyDictionary<string, string>? match)
    {
        ArgumentException.ThrowIfNullOrEmpty(reloadId);
        var targets = _pages.Matching(match);
        if (targets.Count == 0 || Header.FanOuts.Exists(f => f.ReloadId == reloadId))
        {
            return targets.Count;
        }

        // The reminder before the request: a stored request always has a reminder to bring the partition back.
        await HoldReminderAsync();
        var fanOut = new PendingFanOut(reloadId, match is null ? null : new Dictionary<string, string>(match, StringComparer.Ordinal), _time.GetUtcNow());
        Header.FanOuts.Add(fanOut);
        await _header.WriteStateAsync();
        Start(fanOut, targets, resumed: false, Activity.Current?.Context);
        return targets.Count;
    }

    public async Task CompleteFanOut(string reloadId)
    {
        if (Header.FanOuts.RemoveAll(f => f.ReloadId == reloadId) == 0)
        {
            return;
        }

        await _header.WriteStateAsync();
        if (Header.FanOuts.Count == 0)
        {
            await ReleaseReminderAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != FanOutReminder)
        {
            return;
        }

        _reminderHeld = true;
        if (Header.FanOuts.Count == 0)
        {
            await ReleaseReminderAsync();
            return;
        }

        ResumeFanOuts();
    }

    /// <summary>Whether <paramref name="configuration"/> holds every key/value of <paramref name="match"/>.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> configuration, IReadOnlyDictionary<string, string> match)
    {
        foreach (var (key, expected) in match)
        {
            if (!configuration.TryGetValue(key, out var value) || !string.Equals(value, expected, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameConfiguration(Dictionary<string, string> a, IReadOnlyDictionary<string, string> b)
        => a.Count == b.Count && Matches(a, b);

    private Task PutAsync(string widgetId, IReadOnlyDictionary<string, string> configuration)
        => _pages.PutAsync(widgetId, configuration, pages =>
        {
            Header.PageCount = pages;
            return _header.WriteStateAsync();
        });

    private void ResumeFanOuts()
    {
        var overdue = _time.GetUtcNow() - ReceiptDeadline;
        foreach (var fanOut in Header.FanOuts)
        {
            if (_running.TryGetValue(fanOut.ReloadId, out var running))
            {
                if (running.StartedAt > overdue)
                {
                    continue;
                }

                // Some receipts did not come (a widget deactivated or moved before its write, or the write failed).
                LogOverdue(fanOut.ReloadId, GetPrimaryKeyString(), running.Remaining);
                Abandon(fanOut.ReloadId, running);
            }

            Start(fanOut, _pages.Matching(fanOut.Match), resumed: true, cause: null);
        }
    }

    private void Start(PendingFanOut fanOut, List<string> targets, bool resumed, ActivityContext? cause)
    {
        var reloadId = fanOut.ReloadId;
        var self = GrainFactory.GetGrain<IKindIndexGrain>(GetPrimaryKeyString());
        AppReloadWait? wait = null;
        wait = _receipts.Expect(GetPrimaryKeyString(), reloadId, targets, () =>
        {
            _running.TryRemove(new KeyValuePair<string, AppReloadWait>(reloadId, wait!));
            // Started (and counted) on the thread of the widget turn that gave the last receipt, so a simulated clock
            // that waits for tracked work never sees a gap between that turn and this call.
            _tracker.Track(Task.Run(() => self.CompleteFanOut(reloadId)), "app-requested reload completion");
        });
        _running[reloadId] = wait;
        _tracker.Track(FanOutAsync(reloadId, targets, wait, resumed, cause), "app-requested reload");
    }

    /// <summary>
    /// Runs outside the partition's turns: it touches no grain state. Delivers the reload; the widgets' receipts, not
    /// this task, mark the fan-out done (a widget confirms at the state write that follows, which may be seconds later).
    /// </summary>
    private async Task FanOutAsync(string reloadId, List<string> targets, AppReloadWait wait, bool resumed, ActivityContext? cause)
    {
        var outcome = resumed ? "resumed" : "started";
        var tags = new TagList { { "widgets.kind", Kind }, { "widgets.reload.fanout", outcome } };
        WidgetInstruments.FanOuts.Add(1, tags);
        using var activity = WidgetInstruments.ActivitySource.StartActivity(
            "widgets.reload.fanout", ActivityKind.Internal, parentContext: default, links: cause is { } link ? [new ActivityLink(link)] : null);
        activity?.SetTag("widgets.kind", Kind);
        activity?.SetTag("widgets.reload.id", reloadId);
        activity?.SetTag("widgets.reload.resumed", resumed);
        activity?.SetTag("widgets.count", targets.Count);
        try
        {
            if (resumed)
            {
                LogResumed(reloadId, GetPrimaryKeyString(), targets.Count);
            }

            if (targets.Count == 0)
            {
                Abandon(reloadId, wait);
                await GrainFactory.GetGrain<IKindIndexGrain>(GetPrimaryKeyString()).CompleteFanOut(reloadId);
                return;
            }

            var calls = new Task<bool>[targets.Count];
            for (var i = 0; i < targets.Count; i++)
            {
                calls[i] = GrainFactory.GetGrain<IWidgetGrain>(WidgetKeys.Widget(App, targets[i])).AcceptAppReload(reloadId);
            }

            await Task.WhenAll(calls);
            WidgetInstruments.FanOutWidgets.Add(targets.Count, tags);
            var waiting = 0;
            for (var i = 0; i < targets.Count; i++)
            {
                if (calls[i].Result)
                {
                    // Nothing left to write for this widget: it holds the id durably, or is gone.
                    _receipts.Confirm(wait.Partition, reloadId, targets[i]);
                }
                else
                {
                    waiting++;
                }
            }

            activity?.SetTag("widgets.reload.receipts.awaited", waiting);
        }
        catch (Exception exception)
        {
            // Stays stored; the partition's reminder delivers it again.
            Abandon(reloadId, wait);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity?.SetTag("error.type", exception.GetType().FullName);
            throw;
        }
    }

    // Stops waiting for the receipts of this run of the fan-out; the request stays stored.
    private void Abandon(string reloadId, AppReloadWait wait)
    {
        _receipts.Abandon(wait);
        _running.TryRemove(new KeyValuePair<string, AppReloadWait>(reloadId, wait));
    }

    private async Task HoldReminderAsync()
    {
        if (_reminderHeld != true)
        {
            await RegisterOrUpdateReminder(FanOutReminder, FanOutRetry, FanOutRetry);
            _reminderHeld = true;
        }
    }

    private async Task ReleaseReminderAsync()
    {
        if (_reminderHeld != false && await GetReminder(FanOutReminder) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }

        _reminderHeld = false;
    }

    [LoggerMessage(1, LogLevel.Information, "Resuming the fan-out of reload {ReloadId} in {Partition} to {Widgets} widgets.")]
    private partial void LogResumed(string reloadId, string partition, int widgets);

    [LoggerMessage(2, LogLevel.Warning, "The fan-out of reload {ReloadId} in {Partition} still waits for {Widgets} widgets to store it; delivering it again.")]
    private partial void LogOverdue(string reloadId, string partition, int widgets);
}
