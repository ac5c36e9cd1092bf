using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// A background session of an app, named by its identifier: durable downloads, then events to the kind's session
/// handler and the completion, exactly once. Key: <see cref="SessionKeys.Session"/>.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Returns the session, creating it bound to <paramref name="kind"/> if it does not exist.</summary>
    Task<SessionAttachResult> Attach(string kind);

    /// <summary>
    /// Adds a download and returns at once; it runs after the call. A task id already in the session adds nothing.
    /// After completion a task starts the session's next generation.
    /// </summary>
    Task<SessionAddResult> AddTask(SessionTaskRequest request);

    /// <summary>The session's status, or <see langword="null"/> if it does not exist.</summary>
    Task<SessionStatus?> GetStatus();

    /// <summary>Marks a pending task running for a new attempt; <see langword="null"/> if it is not pending (any more).</summary>
    Task<SessionDownloadAttempt?> BeginDownload(int generation, string taskId);

    /// <summary>Records an attempt's outcome (content stored first); ignored unless it is the task's current attempt.</summary>
    Task CompleteDownload(SessionDownloadAttempt attempt, SessionDownloadOutcome outcome);

    /// <summary>The next event due for delivery now, or <see langword="null"/>.</summary>
    Task<SessionEvent?> NextEvent();

    /// <summary>Records the delivery of <paramref name="eventId"/>, or its failure (retried with backoff).</summary>
    Task CompleteEvent(string eventId, string? error);
}

/// <summary>What <see cref="ISessionGrain.Attach"/> found.</summary>
public enum SessionAttachOutcome
{
    Created,
    Attached,

    /// <summary>The session exists bound to another kind.</summary>
    KindConflict,

    /// <summary>The app has no such kind, or the kind has no session handler.</summary>
    Refused,
}

/// <summary>The outcome of attaching: the status, or why not.</summary>
public sealed record SessionAttachResult(SessionAttachOutcome Outcome, SessionStatus? Status, string? Error);

/// <summary>A download to add: the URL, the widgets it is for, headers to send, an optional client-chosen id.</summary>
public sealed record SessionTaskRequest(string? Id, string Url, IReadOnlyList<string> Widgets, IReadOnlyDictionary<string, string>? Headers);

/// <summary>What <see cref="ISessionGrain.AddTask"/> did.</summary>
public enum SessionAddOutcome
{
    Added,

    /// <summary>A task with that id is already in the session (a retried request).</summary>
    AlreadyAdded,

    NotFound,

    /// <summary>Bad input or over a limit; nothing was stored.</summary>
    Refused,
}

/// <summary>The outcome of adding a task: its id, or why nothing was added.</summary>
public sealed record SessionAddResult(SessionAddOutcome Outcome, string? TaskId, string? Error);

/// <summary>One attempt at a task's download, as handed to the silo's download worker.</summary>
public sealed record SessionDownloadAttempt(int Generation, string TaskId, int Number, string Url, IReadOnlyDictionary<string, string>? Headers);

/// <summary>The type of a session event.</summary>
public enum SessionEventType
{
    DidFinishDownloading,
    DidFinishEvents,
    Completed,
}

/// <summary>An event to deliver to the kind's session handler. <see cref="EventId"/> is stable across repeats.</summary>
public sealed record SessionEvent(
    SessionEventType Type,
    string App,
    string Kind,
    string Session,
    int Generation,
    string EventId,
    SessionHandlerSettings? Handler,
    SessionTaskEvent? Task,
    IReadOnlyList<SessionTaskEvent> Tasks);

/// <summary>A task as its event reports it; <see cref="Content"/> only in its own didFinishDownloading.</summary>
public sealed record SessionTaskEvent(
    string Id,
    string Url,
    IReadOnlyList<string> Widgets,
    SessionTaskState State,
    string? Failure,
    string? ContentType,
    byte[]? Content);

/// <summary>A session as the REST API reports it.</summary>
public sealed record SessionStatus(
    string Identifier,
    string Kind,
    int Generation,
    string State,
    IReadOnlyList<SessionTaskStatus> Tasks,
    int EventsDelivered,
    bool DidFinishEventsDelivered,
    string Completion,
    string? LastError);

/// <summary>A task as the REST API reports it.</summary>
public sealed record SessionTaskStatus(
    string Id,
    string Url,
    IReadOnlyList<string> Widgets,
    SessionTaskState State,
    int Attempts,
    string? Failure,
    long Bytes,
    bool EventDelivered);
