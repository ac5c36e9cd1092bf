using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Coalescing;
using Orleans.Widgets.Grains.Devices;
using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Indexing;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Widgets;

/// <summary>
/// One widget instance. It decides when to reload (policy, spacing, budget, exemptions), sends the reload to its
/// partition's coalescer, applies the answer, and keeps one durable reminder at the next instant it must act.
/// A provider failure keeps the old timeline, costs no budget and is retried with backoff.
/// </summary>
public sealed partial class WidgetGrain : Grain, IWidgetGrain, IRemindable
{
    /// <summary>
    /// How long a reload may wait for its answer beyond its kind's coalescing window before it is retried: longer than
    /// a provider call may take (the HTTP provider gives up after 10 s by default), short enough that a reload lost
    /// with a silo that died runs again soon after another silo took the shard.
    /// </summary>
    public static readonly TimeSpan InFlightAllowance = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest deferral of an app-server reload that is not written at once: its partition still stores the request,
    /// and the widget confirms it at the write that follows (the answer's, once the deferred reload ran).
    /// </summary>
    public static readonly TimeSpan ShortDeferral = TimeSpan.FromSeconds(30);

    private const string ReminderName = "reload";

    // App-server reload ids remembered; a fan-out is resumed within minutes, long before this many newer ones arrive.
    private const int AcceptedAppReloadsKept = 16;

    // A device context in which nothing exempts a reload, to ask whether a reason alone does.
    private static readonly DeviceContext NoActivity = new(false, false, false, default, TimeSpan.Zero);
    private static readonly TimeSpan KindCacheAge = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private static readonly ConcurrentDictionary<TimeSpan, string> MinIntervalReasons = new();

    private readonly IPersistentState<WidgetState> _state;
    private readonly BudgetPolicy _budget;
    private readonly IAppReloadReceipts _receipts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset? _reminderAt;

    // The sequence of a reload that was already in flight when this activation loaded the state: it was started by an
    // activation that is gone (its silo died, or the shard moved), so its answer will most likely never come.
    private long? _inheritedInFlight;

    // App-server reload ids accepted and not yet in a successful state write; each is confirmed to its partition then.
    private List<string>? _unconfirmed;
    private (string Kind, string Key)? _partition;

    // A short pending reload of unconfirmed app-server reloads runs on this in-memory timer instead of the reminder.
    private IGrainTimer? _deferralTimer;
    private DateTimeOffset _deferralTimerAt;
    private (KindSettings Kind, DateTimeOffset ReadAt)? _kind;

    public WidgetGrain(
        [PersistentState("widget", RemoveRemindersOnClear = true)] IPersistentState<WidgetState> state,
        BudgetPolicy budget,
        IShardLocator shards,
        IAppReloadReceipts receipts,
        TimeProvider time,
        ILogger<WidgetGrain> logger)
    {
        _state = state;
        _budget = budget;
        _receipts = receipts;
        _time = time;
        _logger = logger;

        // The key ("app/widgetId") and so the shard are fixed for the activation's life.
        var key = GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        App = key[..slash];
        WidgetId = key[(slash + 1)..];
        Shard = shards.GetShard(GetGrainId());
    }

    private WidgetState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _inheritedInFlight = State.InFlight?.Sequence;
        return Task.CompletedTask;
    }

    private string App { get; }

    private string WidgetId { get; }

    private int Shard { get; }

    public async Task<WidgetStatus> Register(WidgetRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (!string.Equals(registration.App, App, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Widget {WidgetId} belongs to app '{App}', not '{registration.App}'.", nameof(registration));
        }

        _ = await GetKindAsync(registration.Kind);
        var previous = State.Registration;
        var created = previous is null;
        State.Registration = registration;
        await WriteStateAsync();

        if (previous is not null && !string.Equals(previous.Kind, registration.Kind, StringComparison.Ordinal))
        {
            await Index(previous.Kind).Remove(WidgetId);
        }

        if (previous is not null && !string.Equals(previous.Device, registration.Device, StringComparison.Ordinal))
        {
            await Device(previous.Device).RemoveWidget(WidgetId);
        }

        await Index(registration.Kind).Add(WidgetId, registration.Configuration);
        await Device(registration.Device).AddWidget(new WidgetConfiguration(WidgetId, registration.Kind, registration.Family, registration.Configuration));
        if (created)
        {
            await RequestReloadAsync(ReloadReason.Added, _time.GetUtcNow(), since: null);
        }

        return await BuildStatusAsync();
    }

    public async Task<bool> Remove()
    {
        if (State.Registration is not { } registration)
        {
            return false;
        }

        await Index(registration.Kind).Remove(WidgetId);
        await Device(registration.Device).RemoveWidget(WidgetId);
        await _state.ClearStateAsync();
        _reminderAt = null;

        // Gone for good: nothing of the reloads it took is left to store.
        ConfirmAppReloads(registration.Kind);
        DeactivateOnIdle();
        return true;
    }

    public async Task<WidgetStatus?> GetStatus() => State.Registration is null ? null : await BuildStatusAsync();

    public async Task SetVisibility(bool visible)
    {
        RequireRegistered();
        var now = _time.GetUtcNow();
        var wasVisible = State.Visibility.IsVisible;
        if (visible)
        {
            State.Visibility.RecordVisible(now);
        }
        else
        {
            State.Visibility.RecordHidden(now);
        }

        await WriteStateAsync();
        if (visible && !wasVisible && IsStale(now))
        {
            await RequestReloadAsync(ReloadReason.BecameVisible, now, since: null);
        }
    }

    public Task Interact()
    {
        RequireRegistered();
        return RequestReloadAsync(ReloadReason.Interaction, _time.GetUtcNow(), since: null);
    }

    public Task RequestReload(ReloadReason reason)
        => State.Registration is null ? Task.CompletedTask : RequestReloadAsync(reason, _time.GetUtcNow(), since: null);

    public async Task<bool> AcceptAppReload(string reloadId)
    {
        ArgumentException.ThrowIfNullOrEmpty(reloadId);
        if (State.Registration is null)
        {
            return true;
        }

        var accepted = State.AcceptedAppReloads ??= [];
        if (accepted.Contains(reloadId))
        {
            if (_unconfirmed?.Contains(reloadId) == true)
            {
                // Taken by this activation; its write is still to come and confirms it.
                return false;
            }

            // Stored already, delivered again by a fan-out resumed after a crash, which may also have cut the reminder
            // write that follows the state write: make sure the reload it started is scheduled.
            if (_reminderAt is null)
            {
                await ScheduleAsync();
            }

            return true;
        }

        // Remembered in memory now and stored with the next state write, which confirms it to the partition; forgotten
        // again if taking it fails, so the fan-out's retry is taken.
        if (accepted.Count >= AcceptedAppReloadsKept)
        {
            var dropped = accepted.Count - AcceptedAppReloadsKept + 1;
            for (var i = 0; i < dropped; i++)
            {
                // An id dropped before it was stored is never confirmed: its partition delivers it again.
                _unconfirmed?.Remove(accepted[i]);
            }

            accepted.RemoveRange(0, dropped);
        }

        accepted.Add(reloadId);
        (_unconfirmed ??= []).Add(reloadId);
        try
        {
            await RequestReloadAsync(ReloadReason.AppRequested, _time.GetUtcNow(), since: null, fromStoredFanOut: true);
        }
        catch
        {
            accepted.Remove(reloadId);
            _unconfirmed.Remove(reloadId);
            throw;
        }

        // True when a write on the way (a long deferral) has confirmed it already.
        return !_unconfirmed.Contains(reloadId);
    }

    public async Task ApplyProviderResult(TimelineBatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (State.InFlight is not { } inFlight || inFlight.Sequence != outcome.ReloadSequence || State.Registration is null)
        {
            return; // an answer to a reload that was already given up on or replaced
        }

        var kind = await GetKindAsync(State.Registration.Kind);
        State.InFlight = null;
        if (outcome.Timeline is { } timeline)
        {
            State.Timeline = timeline;
            State.LastReload = new LastReload(outcome.At, inFlight.Reason, inFlight.Counted);
            State.Ledger.Record(outcome.At, inFlight.Counted);

            State.LastError = null;
            State.ConsecutiveFailures = 0;
            var byPolicy = timeline.NextReloadByPolicy(outcome.At);
            var spaced = outcome.At + kind.MinReloadInterval;
            State.NextReloadAt = byPolicy is null ? null : byPolicy > spaced ? byPolicy : spaced;
            if (State.Pending is { } pending && pending.NotBefore < spaced)
            {
                State.Pending = pending with { NotBefore = spaced, WaitingFor = MinIntervalReason(kind) };
            }

            WidgetInstruments.Reloads.Add(1, new("widgets.reload.reason", inFlight.Reason.ToString()), new("widgets.reload.counted", inFlight.Counted));
            LogReloaded(GetPrimaryKeyString(), inFlight.Reason, inFlight.Counted, timeline.Entries.Count, timeline.Policy.Type, State.NextReloadAt);
        }
        else
        {
            State.ConsecutiveFailures++;
            State.LastError = outcome.Error ?? "The provider failed.";
            var retryAt = outcome.At + Backoff(State.ConsecutiveFailures);
            State.Pending = new PendingReload(inFlight.Reason, State.Pending?.Since ?? inFlight.StartedAt, retryAt, $"retrying after a provider failure: {State.LastError}");
            WidgetInstruments.ProviderFailures.Add(1, new KeyValuePair<string, object?>("widgets.kind", State.Registration.Kind));
            LogProviderFailure(GetPrimaryKeyString(), State.LastError);
        }

        await WriteStateAsync();
        await ScheduleAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderAt = null;
        if (State.Registration is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (State.InFlight is { } inherited && inherited.Sequence == _inheritedInFlight)
        {
            // Lost with the activation that started it, not failed by the provider: run it again now, without the
            // provider-failure backoff. Its budget count, if any, is recorded only with its answer, so it counts once.
            _inheritedInFlight = null;
            State.InFlight = null;
            WidgetInstruments.InheritedReloadsRestarted.Add(1);
            await RequestReloadAsync(inherited.Reason, now, inherited.StartedAt, firedByReminder: true);
            return;
        }

        if (State.InFlight is { } inFlight && now >= inFlight.StartedAt + InFlightTimeout(await GetKindAsync(State.Registration.Kind)))
        {
            await ApplyProviderResult(new TimelineBatchOutcome(inFlight.Sequence, now, null, "No answer from the provider in time."));
            return;
        }

        if (State.InFlight is null && State.Pending is { } pending && now >= pending.NotBefore)
        {
            await RequestReloadAsync(pending.Reason, now, pending.Since, firedByReminder: true);
            return;
        }

        if (State.InFlight is null && State.Pending is null && State.NextReloadAt is { } next && now >= next)
        {
            await RequestReloadAsync(ReloadReason.Policy, now, since: null, firedByReminder: true);
            return;
        }

        await ScheduleAsync();
    }

    // firedByReminder: the reminder found the reload due, so what makes it happen is durable already (the pending reload
    // or the policy's next reload in the stored state). Such a reload starts without writing its in-flight mark: the
    // reminder is moved to the in-flight timeout before the provider is called, so a crash before the answer is applied
    // makes it fire again, and the stored state still says the reload is due (its budget count is written only with
    // the answer).
    // fromStoredFanOut: an app-server reload whose request its partition stores until this widget confirms it (see
    // WriteStateAsync). Nothing here needs a write of its own: the reload starts, merges into the one in flight, or waits
    // a short deferral in memory, and the next write (usually the answer's) stores it with the id and confirms it. If
    // that write never comes (a crash, a lost activation), the partition delivers the request again and the stored
    // state, which does not hold the id, takes it. A long deferral (budget) is written at once: the partition should
    // not hold a request for hours.
    private async Task RequestReloadAsync(ReloadReason reason, DateTimeOffset now, DateTimeOffset? since, bool firedByReminder = false, bool fromStoredFanOut = false)
    {
        var registration = State.Registration!;
        var kind = await GetKindAsync(registration.Kind);
        since ??= State.Pending?.Since ?? now;
        if (State.InFlight is not null)
        {
            // One reload at a time; this one follows the answer, spaced like any other.
            State.Pending = Merge(State.Pending, reason, since.Value, now, "a reload is in progress");
            if (fromStoredFanOut)
            {
                WidgetInstruments.InFlightWritesSkipped.Add(1, new KeyValuePair<string, object?>("widgets.reload.start", "merged"));
                return;
            }

            await WriteStateAsync();
            return;
        }

        var earliest = State.LastReload is { } last ? last.At + kind.MinReloadInterval : now;
        if (now < earliest)
        {
            await DeferAsync(reason, since.Value, now, earliest, MinIntervalReason(kind), fromStoredFanOut);
            return;
        }

        var context = await Device(registration.Device).GetContext();
        var decision = _budget.Evaluate(new BudgetInputs(now, reason, context, State.Visibility, State.Ledger));
        if (!decision.Allowed)
        {
            await DeferAsync(reason, since.Value, now, decision.NotBefore, decision.WaitingFor ?? "the reload budget", fromStoredFanOut);
            return;
        }

        State.Sequence++;
        State.InFlight = new InFlightReload(State.Sequence, reason, now, decision.Counted);
        State.Pending = null;
        if (firedByReminder || fromStoredFanOut)
        {
            WidgetInstruments.InFlightWritesSkipped.Add(1, new KeyValuePair<string, object?>("widgets.reload.start", firedByReminder ? "reminder" : "fan-out"));
        }
        else
        {
            // Asked for by an event and acknowledged to the caller: durable before the call returns.
            await WriteStateAsync();
        }

        // The reminder first: if the coalescer cannot take the reload, the in-flight timeout still retries it.
        await ScheduleAsync();
        await Coalescer(registration.Kind).Enqueue(new CoalescedReload(WidgetId, registration.Family, registration.Configuration, reason, State.Sequence, State.Visibility.IsVisible));
    }

    private async Task DeferAsync(ReloadReason reason, DateTimeOffset since, DateTimeOffset now, DateTimeOffset notBefore, string waitingFor, bool fromStoredFanOut)
    {
        Defer(reason, since, notBefore, waitingFor);
        if (fromStoredFanOut && notBefore - now <= ShortDeferral)
        {
            WidgetInstruments.InFlightWritesSkipped.Add(1, new KeyValuePair<string, object?>("widgets.reload.start", "deferred"));
        }
        else
        {
            await WriteStateAsync();
        }

        await ScheduleAsync();
    }

    /// <summary>
    /// Writes the state, then confirms the app-server reloads it now holds to their partition, once the reminder covers
    /// what the stored state asks for (a partition that has its receipt forgets the request).
    /// </summary>
    private async Task WriteStateAsync()
    {
        await _state.WriteStateAsync();
        if (_unconfirmed is { Count: > 0 } && !PendingOnTimer())
        {
            await ScheduleAsync();
            ConfirmAppReloads(State.Registration!.Kind);
        }
    }

    /// <summary>
    /// Whether the next thing to do is a short pending reload that carries app-server reloads not yet confirmed. Their
    /// partitions still store the requests, so it needs no durable reminder: an in-memory timer starts it, and the ids
    /// are confirmed at the write after it ran. If the activation is lost first, the partition delivers the request
    /// again; a widget whose stored state holds the id then schedules its reminder for the stored pending reload.
    /// </summary>
    private bool PendingOnTimer()
        => _unconfirmed is { Count: > 0 }
            && State.InFlight is null
            && State.Pending is { } pending
            && pending.NotBefore - _time.GetUtcNow() <= ShortDeferral;

    private void ArmDeferralTimer(DateTimeOffset at)
    {
        if (_deferralTimer is not null && _deferralTimerAt <= at)
        {
            return;
        }

        // Disposed once it fired rather than kept for the next deferral: an idle activation holds no timer, which
        // matters more across a million widgets than one timer made per short deferral.
        _deferralTimer?.Dispose();
        var due = at - _time.GetUtcNow();
        _deferralTimer = RegisterGrainTimer(OnDeferralDueAsync, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        _deferralTimerAt = at;
    }

    private async Task OnDeferralDueAsync(CancellationToken cancellationToken)
    {
        _deferralTimer?.Dispose();
        _deferralTimer = null;
        if (State.Registration is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (State.InFlight is null && State.Pending is { } pending && now >= pending.NotBefore)
        {
            // Whatever asked for it is stored: in its partition (ids not yet confirmed), or in the widget's state.
            await RequestReloadAsync(pending.Reason, now, pending.Since, firedByReminder: true, fromStoredFanOut: _unconfirmed is { Count: > 0 });
            return;
        }

        await ScheduleAsync();
    }

    private void ConfirmAppReloads(string kind)
    {
        if (_unconfirmed is not { Count: > 0 })
        {
            return;
        }

        var partition = Partition(kind);
        foreach (var reloadId in _unconfirmed)
        {
            _receipts.Confirm(partition, reloadId, WidgetId);
        }

        _unconfirmed.Clear();
    }

    private void Defer(ReloadReason reason, DateTimeOffset since, DateTimeOffset notBefore, string waitingFor)
    {
        State.Pending = Merge(State.Pending, reason, since, notBefore, waitingFor);
        WidgetInstruments.Deferrals.Add(1, new KeyValuePair<string, object?>("widgets.reload.reason", reason.ToString()));
        LogDeferred(GetPrimaryKeyString(), reason, notBefore, waitingFor);
    }

    private static PendingReload Merge(PendingReload? pending, ReloadReason reason, DateTimeOffset since, DateTimeOffset notBefore, string waitingFor)
    {
        // A reason the budget exempts wins over one it counts, so merging never costs budget.
        var keep = pending is not null && IsExemptReason(pending.Reason) && !IsExemptReason(reason) ? pending.Reason : reason;
        var earliestSince = pending is not null && pending.Since < since ? pending.Since : since;
        return new PendingReload(keep, earliestSince, notBefore, waitingFor);
    }

    private static bool IsExemptReason(ReloadReason reason) => BudgetPolicy.Exemption(reason, NoActivity) is not null;

    /// <summary>
    /// Keeps one reminder due no later than the next instant this widget must act, or none; a short pending reload of
    /// app-server reloads not yet confirmed runs on an in-memory timer instead (<see cref="PendingOnTimer"/>).
    /// </summary>
    private async Task ScheduleAsync()
    {
        if (PendingOnTimer())
        {
            ArmDeferralTimer(State.Pending!.NotBefore);
            return;
        }

        DateTimeOffset? wake = null;
        if (State.InFlight is { } inFlight && State.Registration is { } registration)
        {
            wake = inFlight.StartedAt + InFlightTimeout(await GetKindAsync(registration.Kind));
        }
        else if (State.Pending is { } pending)
        {
            wake = pending.NotBefore;
        }
        else if (State.NextReloadAt is { } next)
        {
            wake = next;
        }

        if (wake == _reminderAt)
        {
            return;
        }

        if (_reminderAt is { } set && (wake is null || set <= wake))
        {
            // A reminder already due no later than needed stays where it is: firing early is harmless (ReceiveReminder
            // re-checks and reschedules), while moving it costs a durable write on every reload.
            WidgetInstruments.ReminderMovesSkipped.Add(1);
            return;
        }

        if (wake is null)
        {
            if (await GetReminder(ReminderName) is { } reminder)
            {
                await UnregisterReminder(reminder);
            }
        }
        else
        {
            var due = wake.Value - _time.GetUtcNow();
            await RegisterOrUpdateReminder(ReminderName, due > TimeSpan.Zero ? due : TimeSpan.Zero);
        }

        _reminderAt = wake;
    }

    private bool IsStale(DateTimeOffset now)
        => State.Pending is not null || (State.NextReloadAt is { } next && next <= now) || State.Timeline is null;

    private async Task<WidgetStatus> BuildStatusAsync()
    {
        var registration = State.Registration!;
        var now = _time.GetUtcNow();
        var context = await Device(registration.Device).GetContext();
        var budget = _budget.Evaluate(new BudgetInputs(now, ReloadReason.Policy, context, State.Visibility, State.Ledger));
        return new WidgetStatus
        {
            WidgetId = WidgetId,
            Kind = registration.Kind,
            Family = registration.Family,
            Device = registration.Device,
            Configuration = registration.Configuration,
            Timeline = State.Timeline,
            CurrentEntry = State.Timeline?.CurrentEntry(now),
            Budget = new BudgetStatus(budget.Limit, budget.Used, budget.Remaining, budget.WindowStart, budget.WindowEnd),
            NextReloadAt = State.InFlight is not null ? null : State.Pending?.NotBefore ?? State.NextReloadAt,
            LastReload = State.LastReload,
            Pending = State.Pending,
            LastError = State.LastError,
        };
    }

    // Called several times per reload: the cached answer comes back without allocating a task.
    private ValueTask<KindSettings> GetKindAsync(string kindName)
    {
        var now = _time.GetUtcNow();
        if (_kind is { } cached && string.Equals(cached.Kind.Kind, kindName, StringComparison.Ordinal) && now - cached.ReadAt < KindCacheAge)
        {
            return new ValueTask<KindSettings>(cached.Kind);
        }

        return new ValueTask<KindSettings>(ReadKindAsync(kindName, now));
    }

    private async Task<KindSettings> ReadKindAsync(string kindName, DateTimeOffset now)
    {
        var definition = await GrainFactory.GetGrain<IAppGrain>(App).GetDefinition()
            ?? throw new KeyNotFoundException($"App '{App}' does not exist.");
        var kind = definition.FindKind(kindName) ?? throw new ArgumentException($"App '{App}' has no kind '{kindName}'.");
        _kind = (kind, now);
        return kind;
    }

    private void RequireRegistered()
    {
        if (State.Registration is null)
        {
            throw new KeyNotFoundException($"Widget {WidgetId} of app '{App}' does not exist.");
        }
    }

    // The coalescer may hold a reload for the whole window before it calls the provider.
    private static TimeSpan InFlightTimeout(KindSettings kind) => kind.CoalesceWindow + InFlightAllowance;

    private static TimeSpan Backoff(int failures)
    {
        var backoff = TimeSpan.FromMinutes(Math.Pow(2, Math.Min(failures - 1, 10)));
        return backoff < MaxBackoff ? backoff : MaxBackoff;
    }

    // Shown with nearly every deferral; a fleet has few distinct intervals, so each text is made once.
    private static string MinIntervalReason(KindSettings kind)
        => MinIntervalReasons.GetOrAdd(kind.MinReloadInterval, static interval => $"the minimum interval of {interval.TotalMinutes:0.#} minutes since the last reload");

    private string Partition(string kind)
    {
        if (_partition is not { } cached || !string.Equals(cached.Kind, kind, StringComparison.Ordinal))
        {
            _partition = cached = (kind, WidgetKeys.Partition(Shard, App, kind));
        }

        return cached.Key;
    }

    private IKindIndexGrain Index(string kind) => GrainFactory.GetGrain<IKindIndexGrain>(Partition(kind));

    private ICoalescerGrain Coalescer(string kind) => GrainFactory.GetGrain<ICoalescerGrain>(Partition(kind));

    private IDeviceGrain Device(string device) => GrainFactory.GetGrain<IDeviceGrain>(WidgetKeys.Device(App, device));

    [LoggerMessage(2, LogLevel.Information, "Reloaded {Widget} ({Reason}, counted: {Counted}): {Entries} entries, policy {Policy}, next reload {NextReload}.")]
    private partial void LogReloaded(string widget, ReloadReason reason, bool counted, int entries, ReloadPolicyType policy, DateTimeOffset? nextReload);

    [LoggerMessage(3, LogLevel.Debug, "Deferred a reload of {Widget} ({Reason}) to {NotBefore}: waiting for {WaitingFor}.")]
    private partial void LogDeferred(string widget, ReloadReason reason, DateTimeOffset notBefore, string waitingFor);

    [LoggerMessage(1, LogLevel.Information, "Reload of {Widget} failed: {Error}; the old timeline stays and the reload is retried.")]
    private partial void LogProviderFailure(string widget, string error);
}
