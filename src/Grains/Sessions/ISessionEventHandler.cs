namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// A kind's in-process session handler, modelled on URLSession's delegate: one call per task that ended, one when all
/// of them have been delivered, then the stored completion. A call that throws is retried with backoff; a call may be
/// repeated if a silo dies between delivering and recording it, with the same <see cref="SessionEventContext.EventId"/>.
/// </summary>
public interface ISessionEventHandler
{
    /// <summary>A task ended (finished with its content, or failed with the reason).</summary>
    Task DidFinishDownloadingAsync(SessionEventContext context, SessionTaskEvent task, CancellationToken cancellationToken);

    /// <summary>Every task's event has been delivered; typically reloads the affected widgets.</summary>
    Task DidFinishEventsAsync(SessionEventContext context, CancellationToken cancellationToken);

    /// <summary>The completion: the session is done.</summary>
    Task CompletedAsync(SessionEventContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler knows about the event it handles, and a way to reload widgets.</summary>
/// <param name="App">The app.</param>
/// <param name="Kind">The session's kind.</param>
/// <param name="Session">The session identifier.</param>
/// <param name="Generation">The session's generation.</param>
/// <param name="EventId">Stable across repeats of this event: <c>{session}/{generation}/{taskId|events|completion}</c>.</param>
/// <param name="Tasks">Every task of the generation (without content).</param>
/// <param name="WidgetCenter">Reloads the app's widgets, idempotently per event.</param>
public sealed record SessionEventContext(
    string App,
    string Kind,
    string Session,
    int Generation,
    string EventId,
    IReadOnlyList<SessionTaskEvent> Tasks,
    ISessionWidgetCenter WidgetCenter);

/// <summary>WidgetCenter for session handlers: reloads of the app's widgets, through the widgets' budget and spacing.</summary>
public interface ISessionWidgetCenter
{
    /// <summary>
    /// Asks <paramref name="widgetIds"/> to reload (as an app request). A repeat of the same event reaches each widget
    /// with the same reload id, so it reloads once.
    /// </summary>
    Task ReloadTimelinesAsync(IEnumerable<string> widgetIds, CancellationToken cancellationToken = default);
}
