using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// One background session (key <c>app/identifier</c>). Tasks are stored before they are acknowledged; downloads and
/// event deliveries run after the turn (<c>SessionGrain.Work.cs</c>) and report back through calls, so every state
/// change, "running" and "finished" included, is a fenced write of this activation. A reminder is held while work
/// is outstanding: it brings the session back after a crash and fires retries. Events go out one at a time in order
/// (each task's, then didFinishEvents, then the completion), each recorded as delivered before the next is due.
/// </summary>
public sealed partial class SessionGrain : Grain, ISessionGrain, IRemindable
{
    private const string WorkReminder = "session-work";

    private readonly IPersistentState<SessionState> _state;
    private readonly SessionWork _work;
    private readonly SessionDownloader _downloader;
    private readonly SessionEventDispatcher _dispatcher;
    private readonly SessionAddressPolicy _policy;
    private readonly SessionEventHandlers _handlers;
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IPersistentState<SessionTaskContent>> _contents = new(StringComparer.Ordinal);

    // Downloads running from this activation ("generation/task"), and whether its delivery loop runs; both are
    // touched by the background work when it ends, outside a turn.
    private readonly ConcurrentDictionary<string, bool> _downloading = new(StringComparer.Ordinal);
    private int _delivering;
    private int _deliveryWanted;
    private TimeSpan? _reminderDue;

    /// <summary>Creates the grain over its stored state and the silo's session services.</summary>
    public SessionGrain(
        [PersistentState("session")] IPersistentState<SessionState> state,
        SessionWork work,
        SessionDownloader downloader,
        SessionEventDispatcher dispatcher,
        SessionAddressPolicy policy,
        SessionEventHandlers handlers,
        IOptions<SessionOptions> options,
        TimeProvider time,
        ILogger<SessionGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _work = work;
        _downloader = downloader;
        _dispatcher = dispatcher;
        _policy = policy;
        _handlers = handlers;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var key = GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal); // app ids contain no '/'
        App = key[..slash];
        Identifier = key[(slash + 1)..];
    }

    private string App { get; }

    private string Identifier { get; }

    private SessionState State => _state.State;

    // Every task of the generation has finished or failed: its events are due.
    private bool AllTasksEnded => State.Tasks.Count > 0 && State.Tasks.TrueForAll(static t => t.Ended);

    private bool Exists => _state.RecordExists && State.Kind is not null;

    private bool HasWork => Exists && !State.CompletionInvoked && State.Tasks.Count > 0;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (HasWork)
        {
            LogResumed(App, Identifier, State.Generation, State.Tasks.Count(t => !t.Ended));
            ScheduleDownloads();
            StartDelivery();
        }

        return Task.CompletedTask;
    }

    public async Task<SessionAttachResult> Attach(string kind)
    {
        if (string.IsNullOrEmpty(kind))
        {
            return new SessionAttachResult(SessionAttachOutcome.Refused, null, "kind is required");
        }

        if (Exists)
        {
            return string.Equals(State.Kind, kind, StringComparison.Ordinal)
                ? new SessionAttachResult(SessionAttachOutcome.Attached, Status(), null)
                : new SessionAttachResult(SessionAttachOutcome.KindConflict, null, $"session '{Identifier}' belongs to kind '{State.Kind}', not '{kind}'");
        }

        var definition = await GrainFactory.GetGrain<IAppGrain>(App).GetDefinition();
        var settings = definition?.FindKind(kind);
        var refusal = settings is null ? $"app '{App}' has no kind '{kind}'"
            : settings.SessionHandler is null ? $"kind '{kind}' has no session handler"
            : settings.SessionHandler.Builtin is { } name && !_handlers.Contains(name) ? $"no session handler is named '{name}' in this silo"
            : null;
        if (refusal is not null)
        {
            return new SessionAttachResult(SessionAttachOutcome.Refused, null, refusal);
        }

        _state.State = new SessionState { Kind = kind, Generation = 1, CreatedAt = _time.GetUtcNow() };
        await _state.WriteStateAsync();
        return new SessionAttachResult(SessionAttachOutcome.Created, Status(), null);
    }

    public async Task<SessionAddResult> AddTask(SessionTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Exists)
        {
            return new SessionAddResult(SessionAddOutcome.NotFound, null, $"session '{Identifier}' does not exist");
        }

        if (Validate(request) is { } invalid)
        {
            return new SessionAddResult(SessionAddOutcome.Refused, null, invalid);
        }

        if (request.Id is { } id && State.Tasks.Exists(t => t.Id == id))
        {
            return new SessionAddResult(SessionAddOutcome.AlreadyAdded, id, null);
        }

        var completed = State.CompletionInvoked;
        if ((completed ? 0 : State.Tasks.Count) >= _options.MaxTasksPerSession)
        {
            return new SessionAddResult(SessionAddOutcome.Refused, null, $"a session holds at most {_options.MaxTasksPerSession} tasks");
        }

        if (completed)
        {
            // Re-used by identifier, like a background URLSession: the finished generation is gone, the next one starts.
            State.Generation++;
            State.Tasks.Clear();
            State.NextTaskNumber = 1;
            State.NextEndOrder = 1;
            State.DidFinishEventsDelivered = false;
            State.CompletionInvoked = false;
            State.EventAttempts = 0;
            State.NextEventAttemptAt = null;
            State.LastError = null;
        }

        var task = new SessionTask
        {
            Id = request.Id ?? NextTaskId(),
            Url = request.Url,
            Widgets = [.. request.Widgets],
            Headers = request.Headers is { Count: > 0 } headers ? new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase) : null,
            State = SessionTaskState.Pending,
        };
        State.Tasks.Add(task);

        // The reminder before the task: a stored task always has a reminder to bring the session back.
        await UpdateReminderAsync();
        await _state.WriteStateAsync();
        StartDownload(task);
        return new SessionAddResult(SessionAddOutcome.Added, task.Id, null);
    }

    public Task<SessionStatus?> GetStatus() => Task.FromResult(Exists ? Status() : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WorkReminder)
        {
            return;
        }

        _reminderDue = _options.WatchdogPeriod; // fired, and re-armed by its period
        if (!HasWork)
        {
            await ReleaseReminderAsync();
            return;
        }

        ScheduleDownloads();
        StartDelivery();
        await UpdateReminderAsync();
    }

    private string? Validate(SessionTaskRequest request)
    {
        if (request.Id is not null && SessionKeys.Validate(request.Id, "id") is { } badId)
        {
            return badId;
        }

        if (string.IsNullOrEmpty(request.Url) || request.Url.Length > 2048 || !Uri.TryCreate(request.Url, UriKind.Absolute, out var url))
        {
            return "url must be an absolute URL of at most 2048 characters";
        }

        if (_policy.RefuseUrl(url) is { } refused)
        {
            SessionInstruments.Refused.Add(1, new System.Diagnostics.TagList { { "widgets.session.refused.at", "added" } });
            return "url refused: " + refused;
        }

        if (request.Widgets is null || request.Widgets.Count > 256 || request.Widgets.Any(w => string.IsNullOrEmpty(w) || w.Length > 256))
        {
            return "widgets must list at most 256 widget ids";
        }

        return SessionDownloader.ValidateHeaders(request.Headers) is { } badHeaders ? "headers: " + badHeaders : null;
    }

    private string NextTaskId()
    {
        string id;
        do
        {
            id = "t" + State.NextTaskNumber++.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (State.Tasks.Exists(t => t.Id == id));

        return id;
    }

    private SessionStatus Status() => new(
        Identifier,
        State.Kind!,
        State.Generation,
        State.CompletionInvoked ? "completed" : AllTasksEnded ? "deliveringEvents" : "active",
        [.. State.Tasks.Select(t => new SessionTaskStatus(t.Id, t.Url, t.Widgets, t.State, t.Attempts, t.Failure, t.Bytes, t.EventDelivered))],
        State.Tasks.Count(t => t.EventDelivered),
        State.DidFinishEventsDelivered,
        State.CompletionInvoked ? "invoked" : "pending",
        State.LastError);

    private string EventId(string what) => $"{Identifier}/{State.Generation}/{what}";

    /// <summary>Keeps the work reminder due at the next retry, or at the watchdog period while work is outstanding.</summary>
    private async Task UpdateReminderAsync()
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? next = State.NextEventAttemptAt;
        foreach (var task in State.Tasks)
        {
            if (task.State == SessionTaskState.Pending && task.NextAttemptAt is { } at && (next is null || at < next))
            {
                next = at;
            }
        }

        var watchdog = _options.WatchdogPeriod;
        var due = next is { } when && when - now < watchdog ? when - now : watchdog;
        due = due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due;
        // A reminder already held fires at least once per watchdog period; only an earlier retry needs a new due time.
        if (_reminderDue is not null && due == watchdog)
        {
            return;
        }

        await RegisterOrUpdateReminder(WorkReminder, due, watchdog);
        _reminderDue = due;
    }

    private async Task ReleaseReminderAsync()
    {
        if (await GetReminder(WorkReminder) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }

        _reminderDue = null;
    }

    private async Task<IPersistentState<SessionTaskContent>> ContentAsync(int generation, string taskId)
    {
        var name = $"content-{generation}-{taskId}";
        if (!_contents.TryGetValue(name, out var content))
        {
            content = GetPersistentState<SessionTaskContent>(name);
            await content.ReadStateAsync();
            _contents[name] = content;
        }

        return content;
    }

    [LoggerMessage(1, LogLevel.Information, "Resuming session {App}/{Session} generation {Generation}: {Open} tasks not ended.")]
    private partial void LogResumed(string app, string session, int generation, int open);

    [LoggerMessage(2, LogLevel.Information, "Session {App}/{Session} task {TaskId} {State} after {Attempts} attempts ({Bytes} bytes). {Failure}")]
    private partial void LogTaskEnded(string app, string session, string taskId, string state, int attempts, long bytes, string? failure);

    [LoggerMessage(3, LogLevel.Warning, "Session {App}/{Session} task {TaskId}: attempt {Attempt} failed ({Failure}); next attempt at {At:O}.")]
    private partial void LogRetry(string app, string session, string taskId, int attempt, string failure, DateTimeOffset at);

    [LoggerMessage(4, LogLevel.Warning, "Session {App}/{Session}: delivering {EventId} failed ({Error}); next attempt at {At:O}.")]
    private partial void LogEventFailed(string app, string session, string eventId, string error, DateTimeOffset at);

    [LoggerMessage(5, LogLevel.Information, "Session {App}/{Session} generation {Generation} completed: {Tasks} tasks, completion invoked.")]
    private partial void LogCompleted(string app, string session, int generation, int tasks);
}
