using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>The session's downloads and event deliveries, run outside its turns and reporting back through calls.</summary>
public sealed partial class SessionGrain
{
    public async Task<SessionDownloadAttempt?> BeginDownload(int generation, string taskId)
    {
        var task = Find(generation, taskId);
        if (task is null || task.Ended)
        {
            return null;
        }

        task.State = SessionTaskState.Running;
        task.Attempts++;
        task.NextAttemptAt = null;
        await _state.WriteStateAsync();
        return new SessionDownloadAttempt(generation, taskId, task.Attempts, task.Url, task.Headers);
    }

    public async Task CompleteDownload(SessionDownloadAttempt attempt, SessionDownloadOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(outcome);
        var task = Find(attempt.Generation, attempt.TaskId);
        if (task is null || task.State != SessionTaskState.Running || task.Attempts != attempt.Number)
        {
            return; // an attempt superseded by a newer one (or a new generation)
        }

        if (outcome.Succeeded)
        {
            // The content first: a task recorded as finished always has its content stored.
            var content = await ContentAsync(attempt.Generation, task.Id);
            content.State = new SessionTaskContent { Content = outcome.Content, ContentType = outcome.ContentType };
            await content.WriteStateAsync();
            task.State = SessionTaskState.Finished;
            task.Bytes = outcome.Content!.Length;
            task.ContentType = outcome.ContentType;
            task.Failure = null;
        }
        else if (outcome.Transient && task.Attempts < _options.MaxAttempts)
        {
            task.State = SessionTaskState.Pending;
            task.Failure = outcome.Failure;
            task.NextAttemptAt = _time.GetUtcNow() + _options.Backoff(task.Attempts);
            State.LastError = $"task {task.Id}: {outcome.Failure}";
            LogRetry(App, Identifier, task.Id, task.Attempts, outcome.Failure!, task.NextAttemptAt.Value);
            await UpdateReminderAsync();
            await _state.WriteStateAsync();
            return;
        }
        else
        {
            task.State = SessionTaskState.Failed;
            task.Failure = outcome.Transient ? $"gave up after {task.Attempts} attempts: {outcome.Failure}" : outcome.Failure;
            State.LastError = $"task {task.Id}: {task.Failure}";
        }

        task.EndOrder = State.NextEndOrder++;
        await _state.WriteStateAsync();
        var ended = task.State == SessionTaskState.Finished ? "finished" : "failed";
        SessionInstruments.Tasks.Add(1, new System.Diagnostics.TagList { { "widgets.session.task.outcome", ended } });
        LogTaskEnded(App, Identifier, task.Id, ended, task.Attempts, task.Bytes, task.Failure);
        StartDelivery();
    }

    public async Task<SessionEvent?> NextEvent()
    {
        if (!HasWork || State.NextEventAttemptAt > _time.GetUtcNow() || DueEvent() is not { } due)
        {
            return null;
        }

        var (type, task) = due;
        var definition = await GrainFactory.GetGrain<Apps.IAppGrain>(App).GetDefinition();
        var handler = definition?.FindKind(State.Kind!)?.SessionHandler;
        var tasks = State.Tasks.Select(t => Event(t, content: null)).ToList();
        SessionTaskEvent? taskEvent = null;
        if (task is not null)
        {
            var content = task.State == SessionTaskState.Finished ? (await ContentAsync(State.Generation, task.Id)).State.Content : null;
            taskEvent = Event(task, content);
        }

        return new SessionEvent(type, App, State.Kind!, Identifier, State.Generation, EventIdOf(due), handler, taskEvent, tasks);
    }

    public async Task CompleteEvent(string eventId, string? error)
    {
        if (!HasWork || DueEvent() is not { } due || EventIdOf(due) != eventId)
        {
            return; // already recorded (a repeat), or another generation's
        }

        var now = _time.GetUtcNow();
        if (error is not null)
        {
            State.EventAttempts++;
            State.NextEventAttemptAt = now + _options.Backoff(State.EventAttempts);
            State.LastError = $"{SessionCallbackWire.TypeName(due.Type)} {eventId}: {error}";
            LogEventFailed(App, Identifier, eventId, error, State.NextEventAttemptAt.Value);
            await UpdateReminderAsync();
            await _state.WriteStateAsync();
            return;
        }

        State.EventAttempts = 0;
        State.NextEventAttemptAt = null;
        switch (due.Type)
        {
            case SessionEventType.DidFinishDownloading:
                due.Task!.EventDelivered = true;
                break;
            case SessionEventType.DidFinishEvents:
                State.DidFinishEventsDelivered = true;
                break;
            default:
                State.CompletionInvoked = true;
                State.LastError = null;
                break;
        }

        await _state.WriteStateAsync();
        if (State.CompletionInvoked)
        {
            LogCompleted(App, Identifier, State.Generation, State.Tasks.Count);
            await ForgetContentAsync();
            await ReleaseReminderAsync();
        }
    }

    private SessionTask? Find(int generation, string taskId)
        => generation == State.Generation && Exists ? State.Tasks.Find(t => t.Id == taskId) : null;

    /// <summary>The event that must be delivered next: the earliest-ended task's, then didFinishEvents, then the completion.</summary>
    private (SessionEventType Type, SessionTask? Task)? DueEvent()
    {
        SessionTask? next = null;
        foreach (var task in State.Tasks)
        {
            if (task.Ended && !task.EventDelivered && (next is null || task.EndOrder < next.EndOrder))
            {
                next = task;
            }
        }

        if (next is not null)
        {
            return (SessionEventType.DidFinishDownloading, next);
        }

        if (!AllTasksEnded)
        {
            return null;
        }

        return !State.DidFinishEventsDelivered ? (SessionEventType.DidFinishEvents, null)
            : !State.CompletionInvoked ? (SessionEventType.Completed, null)
            : null;
    }

    private string EventIdOf((SessionEventType Type, SessionTask? Task) due) => due.Type switch
    {
        SessionEventType.DidFinishDownloading => EventId(due.Task!.Id),
        SessionEventType.DidFinishEvents => EventId("events"),
        _ => EventId("completion"),
    };

    private static SessionTaskEvent Event(SessionTask task, byte[]? content)
        => new(task.Id, task.Url, task.Widgets, task.State, task.Failure, task.ContentType, content);

    /// <summary>The completed generation's contents are not needed any more.</summary>
    private async Task ForgetContentAsync()
    {
        foreach (var task in State.Tasks.Where(t => t.State == SessionTaskState.Finished))
        {
            var content = await ContentAsync(State.Generation, task.Id);
            if (content.RecordExists)
            {
                await content.ClearStateAsync();
            }
        }

        _contents.Clear();
    }

    /// <summary>Starts every download that is due and not running from this activation (after a crash, "running" ones too).</summary>
    private void ScheduleDownloads()
    {
        var now = _time.GetUtcNow();
        foreach (var task in State.Tasks)
        {
            if ((task.State == SessionTaskState.Pending && !(task.NextAttemptAt > now)) || task.State == SessionTaskState.Running)
            {
                StartDownload(task);
            }
        }
    }

    private void StartDownload(SessionTask task)
    {
        var key = $"{State.Generation}/{task.Id}";
        if (_downloading.TryAdd(key, true))
        {
            // Kept active while the download may still report back (a slot wait included), so no other activation restarts it.
            DelayDeactivation(_options.DownloadTimeout * 2 + TimeSpan.FromMinutes(1));
            _work.Track(DownloadAsync(State.Generation, task.Id, key), "session download");
        }
    }

    private async Task DownloadAsync(int generation, string taskId, string key)
    {
        try
        {
            await _work.RunDownloadAsync(async stopping =>
            {
                var self = GrainFactory.GetGrain<ISessionGrain>(GetPrimaryKeyString());
                if (await self.BeginDownload(generation, taskId) is not { } attempt)
                {
                    return;
                }

                var outcome = await _downloader.DownloadAsync(new Uri(attempt.Url), attempt.Headers, stopping);
                await self.CompleteDownload(attempt, outcome);
            });
        }
        finally
        {
            // Left "running" if reporting failed: the next reminder tick starts it again.
            _downloading.TryRemove(key, out _);
        }
    }

    private void StartDelivery()
    {
        Volatile.Write(ref _deliveryWanted, 1);
        if (Interlocked.CompareExchange(ref _delivering, 1, 0) == 0)
        {
            _work.Track(DeliverAsync(), "session event delivery");
        }
    }

    /// <summary>Delivers due events one at a time until none is due or one fails (its retry is the reminder's).</summary>
    private async Task DeliverAsync()
    {
        var self = GrainFactory.GetGrain<ISessionGrain>(GetPrimaryKeyString());
        var owner = true;
        try
        {
            while (true)
            {
                Volatile.Write(ref _deliveryWanted, 0);
                while (await self.NextEvent() is { } next)
                {
                    var error = await _dispatcher.DeliverAsync(next, _work.Stopping);
                    await self.CompleteEvent(next.EventId, error);
                    if (error is not null)
                    {
                        return;
                    }
                }

                // Asked again while the last look found nothing? Look once more, unless another loop took over.
                Volatile.Write(ref _delivering, 0);
                owner = false;
                if (Volatile.Read(ref _deliveryWanted) == 0 || Interlocked.CompareExchange(ref _delivering, 1, 0) != 0)
                {
                    return;
                }

                owner = true;
            }
        }
        finally
        {
            if (owner)
            {
                Volatile.Write(ref _delivering, 0);
            }
        }
    }
}
