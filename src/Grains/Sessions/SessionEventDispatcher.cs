using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// Delivers one session event to its kind's handler: an in-process <see cref="ISessionEventHandler"/> by name, or a
/// <c>POST</c> to the app server's callback URL (any 2xx is delivered). Returns the failure instead of throwing.
/// </summary>
public sealed class SessionEventDispatcher
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client used for callbacks.</summary>
    public const string HttpClientName = "Orleans.Widgets.Sessions.Callbacks";

    private readonly SessionEventHandlers _handlers;
    private readonly IHttpClientFactory _clients;
    private readonly IGrainFactory _grains;
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the dispatcher over the silo's services.</summary>
    public SessionEventDispatcher(SessionEventHandlers handlers, IHttpClientFactory clients, IGrainFactory grains, IOptions<SessionOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _handlers = handlers;
        _clients = clients;
        _grains = grains;
        _options = options.Value;
        _time = time;
    }

    /// <summary>Delivers <paramref name="sessionEvent"/>; returns <see langword="null"/> when delivered, else why not.</summary>
    public async Task<string?> DeliverAsync(SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        var type = SessionCallbackWire.TypeName(sessionEvent.Type);
        using var activity = SessionInstruments.ActivitySource.StartActivity("widgets.session.event", ActivityKind.Client);
        activity?.SetTag("widgets.kind", sessionEvent.Kind);
        activity?.SetTag("widgets.session.event.type", type);
        activity?.SetTag("widgets.session.event.id", sessionEvent.EventId);
        string? error;
        try
        {
            error = sessionEvent.Handler switch
            {
                { Builtin: { } name } => await DeliverInProcessAsync(name, sessionEvent, cancellationToken),
                { Url: { } url } => await PostAsync(url, sessionEvent, cancellationToken),
                _ => $"kind '{sessionEvent.Kind}' has no session handler",
            };
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"the handler failed: {exception.GetType().Name}: {exception.Message}";
        }

        var outcome = error is null ? "delivered" : "failed";
        SessionInstruments.Events.Add(1, new TagList { { "widgets.session.event.type", type }, { "widgets.session.event.outcome", outcome } });
        if (error is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
        }

        return error;
    }

    private async Task<string?> DeliverInProcessAsync(string name, SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGet(name, out var handler))
        {
            return $"no session handler is named '{name}'";
        }

        var context = new SessionEventContext(
            sessionEvent.App,
            sessionEvent.Kind,
            sessionEvent.Session,
            sessionEvent.Generation,
            sessionEvent.EventId,
            sessionEvent.Tasks,
            new SessionWidgetCenter(_grains, sessionEvent.App, sessionEvent.EventId));
        switch (sessionEvent.Type)
        {
            case SessionEventType.DidFinishDownloading:
                await handler.DidFinishDownloadingAsync(context, sessionEvent.Task!, cancellationToken);
                break;
            case SessionEventType.DidFinishEvents:
                await handler.DidFinishEventsAsync(context, cancellationToken);
                break;
            default:
                await handler.CompletedAsync(context, cancellationToken);
                break;
        }

        return null;
    }

    private async Task<string?> PostAsync(Uri url, SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.CallbackTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var content = new ByteArrayContent(SessionCallbackWire.Serialize(sessionEvent));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await _clients.CreateClient(HttpClientName).PostAsync(url, content, linked.Token);
            return response.IsSuccessStatusCode ? null : $"the callback answered HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"the callback did not answer within {_options.CallbackTimeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException exception)
        {
            return $"the callback failed: {exception.Message}";
        }
    }
}
