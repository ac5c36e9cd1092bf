namespace Orleans.Widgets.Client;

/// <summary>A background session as the server reports it.</summary>
/// <param name="Identifier">The session's identifier.</param>
/// <param name="Kind">The kind whose session handler gets its events.</param>
/// <param name="Generation">Starts at 1; a task added after completion starts the next.</param>
/// <param name="State"><c>active</c>, <c>deliveringEvents</c> or <c>completed</c>.</param>
/// <param name="Tasks">The tasks of the current generation.</param>
/// <param name="EventsDelivered">didFinishDownloading events delivered.</param>
/// <param name="DidFinishEventsDelivered">Whether didFinishEvents was delivered.</param>
/// <param name="Completion"><c>pending</c> or <c>invoked</c>.</param>
/// <param name="LastError">The last download or delivery error, until the session completes.</param>
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

/// <summary>One download of a session.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Url">What is downloaded.</param>
/// <param name="Widgets">The widgets it is for.</param>
/// <param name="State"><c>pending</c>, <c>running</c>, <c>finished</c> or <c>failed</c>.</param>
/// <param name="Attempts">Download attempts started.</param>
/// <param name="Failure">Why it failed (or why the last attempt did).</param>
/// <param name="Bytes">The content's size once finished.</param>
/// <param name="EventDelivered">Whether its didFinishDownloading event was delivered.</param>
public sealed record SessionTaskStatus(
    string Id,
    string Url,
    IReadOnlyList<string> Widgets,
    string State,
    int Attempts,
    string? Failure,
    long Bytes,
    bool EventDelivered);

/// <summary>A download to add to a session.</summary>
/// <param name="Url">What to download (the server's rules decide which schemes, hosts and addresses are allowed).</param>
/// <param name="Widgets">The widgets it is for.</param>
/// <param name="Id">A task id chosen by the caller, so a retried request adds nothing twice; <see langword="null"/> lets the server assign one.</param>
/// <param name="Headers">Headers sent with the download (to its origin only).</param>
public sealed record SessionTask(Uri Url, IReadOnlyList<string> Widgets, string? Id = null, IReadOnlyDictionary<string, string>? Headers = null);
