using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Widgets.Client;

/// <summary>
/// An app server's view of the widgets of one app, over the REST API: WidgetCenter-style reloads, the widgets on a
/// device, registering and removing widgets, and widget and device events. Every refused request throws
/// <see cref="WidgetsApiException"/>.
/// </summary>
/// <remarks>
/// Given several silos of a cluster (every silo answers every request), a request that finds its silo gone or not
/// ready (503) goes to the next one. Reads, registrations, removals, events (which set state) and reloads (which carry
/// an id chosen once per call, so the silos apply each once) are sent again after any failure; an interaction only when
/// it certainly never reached a silo.
/// </remarks>
public sealed class WidgetCenterClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly SiloRotation _silos;
    private readonly WidgetCenterClientOptions _options;
    private readonly string _appPath;
    private readonly AuthenticationHeaderValue _authorization;

    /// <summary>Creates a client for <paramref name="app"/> authenticated by the app's <paramref name="apiKey"/>; <see cref="HttpClient.BaseAddress"/> must be a silo's (or a load balancer's) address.</summary>
    /// <exception cref="ArgumentException"><paramref name="app"/> or <paramref name="apiKey"/> is empty, or <paramref name="http"/> has no base address.</exception>
    public WidgetCenterClient(HttpClient http, string app, string apiKey)
        : this(http, ownsHttp: false, [http?.BaseAddress ?? throw new ArgumentException("The HTTP client needs a base address.", nameof(http))], app, apiKey, null)
    {
    }

    /// <summary>Creates a client for <paramref name="app"/> that sends to any of <paramref name="silos"/> (their HTTP API addresses) and moves on when one fails.</summary>
    /// <exception cref="ArgumentException">No silo, an address that is not http(s), or an empty <paramref name="app"/> or <paramref name="apiKey"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option out of range.</exception>
    public WidgetCenterClient(IEnumerable<Uri> silos, string app, string apiKey, WidgetCenterClientOptions? options = null)
        : this(CreateHttp(), ownsHttp: true, silos, app, apiKey, options)
    {
    }

    private WidgetCenterClient(HttpClient http, bool ownsHttp, IEnumerable<Uri> silos, string app, string apiKey, WidgetCenterClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(app);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        _options = options ?? new WidgetCenterClientOptions();
        _options.Validate();
        _silos = new SiloRotation(silos);
        _http = http;
        _ownsHttp = ownsHttp;
        App = app;
        _appPath = $"v1/apps/{Uri.EscapeDataString(app)}";
        _authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>The app this client acts for.</summary>
    public string App { get; }

    /// <summary>Reloads every widget of <paramref name="kind"/>, fleet-wide.</summary>
    public Task<ReloadResult> ReloadTimelinesAsync(string kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return ReloadAsync(new ReloadBody(kind, null, Guid.NewGuid()), cancellationToken);
    }

    /// <summary>Reloads the widgets of <paramref name="kind"/> whose configuration contains every pair of <paramref name="configurationMatch"/>.</summary>
    public Task<ReloadResult> ReloadTimelinesAsync(string kind, IReadOnlyDictionary<string, string> configurationMatch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(configurationMatch);
        return ReloadAsync(new ReloadBody(kind, configurationMatch, Guid.NewGuid()), cancellationToken);
    }

    /// <summary>Reloads every widget of every kind of the app.</summary>
    public Task<ReloadResult> ReloadAllTimelinesAsync(CancellationToken cancellationToken = default)
        => ReloadAsync(new ReloadBody(null, null, Guid.NewGuid()), cancellationToken);

    /// <summary>The widgets on <paramref name="device"/> with their kind, family and configuration.</summary>
    public async Task<IReadOnlyList<CurrentConfiguration>> GetCurrentConfigurationsAsync(string device, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        using var response = await SendAsync(HttpMethod.Get, $"{_appPath}/devices/{Uri.EscapeDataString(device)}/configurations", null, Retry.Always, cancellationToken);
        return await ReadAsync(response, ClientJsonContext.Default.ListCurrentConfiguration, cancellationToken);
    }

    /// <summary>Registers a widget (its first timeline is requested at once) or updates it; returns its status.</summary>
    public async Task<WidgetStatus> RegisterWidgetAsync(
        string widgetId,
        string kind,
        string family,
        string device,
        IReadOnlyDictionary<string, string>? configuration = null,
        CancellationToken cancellationToken = default)
    {
        var widget = new WidgetBody(kind, family, device, configuration ?? new Dictionary<string, string>());
        using var response = await SendAsync(HttpMethod.Put, WidgetPath(widgetId), () => JsonContent.Create(widget, ClientJsonContext.Default.WidgetBody), Retry.Always, cancellationToken);
        return await ReadAsync(response, ClientJsonContext.Default.WidgetStatus, cancellationToken);
    }

    /// <summary>The widget's status, or <see langword="null"/> if there is no such widget.</summary>
    public async Task<WidgetStatus?> GetWidgetAsync(string widgetId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, WidgetPath(widgetId), null, Retry.Always, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, ClientJsonContext.Default.WidgetStatus, cancellationToken);
    }

    /// <summary>Removes the widget; returns whether it existed.</summary>
    public async Task<bool> RemoveWidgetAsync(string widgetId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, WidgetPath(widgetId), null, Retry.Always, cancellationToken, allowNotFound: true);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    /// <summary>Reports that the widget became visible or hidden, or that the user interacted with it.</summary>
    public async Task PostWidgetEventAsync(string widgetId, WidgetEventType type, CancellationToken cancellationToken = default)
    {
        var widgetEvent = new WidgetEventBody(Name(type));

        // Visible and hidden set state; an interaction asks for a reload, so it is sent again only if it never arrived.
        var retry = type == WidgetEventType.Interaction ? Retry.IfNeverSent : Retry.Always;
        using var response = await SendAsync(HttpMethod.Post, $"{WidgetPath(widgetId)}/events", () => JsonContent.Create(widgetEvent, ClientJsonContext.Default.WidgetEventBody), retry, cancellationToken);
    }

    /// <summary>Reports a device event; <paramref name="latitude"/> and <paramref name="longitude"/> go with <see cref="DeviceEventType.Location"/>.</summary>
    public async Task PostDeviceEventAsync(string device, DeviceEventType type, double? latitude = null, double? longitude = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        var location = latitude is { } lat && longitude is { } lon ? new LocationBody(lat, lon) : null;
        var deviceEvent = new DeviceEventBody(Name(type), location);

        // Device events set the device's context; a repeated one changes nothing more (its exempt reloads merge).
        using var response = await SendAsync(HttpMethod.Post, $"{_appPath}/devices/{Uri.EscapeDataString(device)}/events", () => JsonContent.Create(deviceEvent, ClientJsonContext.Default.DeviceEventBody), Retry.Always, cancellationToken);
    }

    /// <summary>
    /// Attaches to the background session <paramref name="identifier"/>, creating it for <paramref name="kind"/> if it does
    /// not exist (the kind needs a session handler). A session bound to another kind is a 409 <see cref="WidgetsApiException"/>.
    /// </summary>
    public async Task<SessionStatus> AttachSessionAsync(string identifier, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var body = new SessionBody(kind);
        using var response = await SendAsync(HttpMethod.Put, SessionPath(identifier), () => JsonContent.Create(body, ClientJsonContext.Default.SessionBody), Retry.Always, cancellationToken);
        return await ReadAsync(response, ClientJsonContext.Default.SessionStatus, cancellationToken);
    }

    /// <summary>
    /// Adds a download to the session and returns its task id at once. With <see cref="SessionTask.Id"/> set the request
    /// is retried after any failure (the server adds it once); without, only when it certainly never reached a silo.
    /// </summary>
    public async Task<string> AddSessionTaskAsync(string identifier, SessionTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var body = new SessionTaskBody(task.Id, task.Url.ToString(), task.Widgets, task.Headers);
        using var response = await SendAsync(
            HttpMethod.Post,
            $"{SessionPath(identifier)}/tasks",
            () => JsonContent.Create(body, ClientJsonContext.Default.SessionTaskBody),
            task.Id is null ? Retry.IfNeverSent : Retry.Always,
            cancellationToken);
        return (await ReadAsync(response, ClientJsonContext.Default.SessionTaskAdded, cancellationToken)).TaskId;
    }

    /// <summary>The session's status, or <see langword="null"/> if there is none.</summary>
    public async Task<SessionStatus?> GetSessionAsync(string identifier, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, SessionPath(identifier), null, Retry.Always, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, ClientJsonContext.Default.SessionStatus, cancellationToken);
    }

    private string SessionPath(string identifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return $"{_appPath}/sessions/{Uri.EscapeDataString(identifier)}";
    }

    // The reload id is chosen here, once, so every attempt carries the same one: the silos store and deliver a reload
    // once per id, which makes resending after any failure safe.
    private async Task<ReloadResult> ReloadAsync(ReloadBody request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{_appPath}/reloads", () => JsonContent.Create(request, ClientJsonContext.Default.ReloadBody), Retry.Always, cancellationToken);
        return await ReadAsync(response, ClientJsonContext.Default.ReloadResult, cancellationToken);
    }

    private string WidgetPath(string widgetId)
    {
        ArgumentException.ThrowIfNullOrEmpty(widgetId);
        return $"{_appPath}/widgets/{Uri.EscapeDataString(widgetId)}";
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, Retry retry, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        using var activity = ClientInstruments.ActivitySource.StartActivity($"{method.Method} widgets api", ActivityKind.Client);
        activity?.SetTag("widgets.app", App);
        for (var attempt = 1; ; attempt++)
        {
            var (silo, position) = _silos.Current;
            var failure = "unknown";
            Exception? error = null;
            using (var request = new HttpRequestMessage(method, new Uri(silo, path)) { Content = content?.Invoke() })
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                request.Headers.Authorization = _authorization;
                attemptTimeout.CancelAfter(_options.AttemptTimeout);
                HttpResponseMessage? response = null;
                var sent = true;
                try
                {
                    response = await _http.SendAsync(request, attemptTimeout.Token);
                }
                catch (HttpRequestException exception)
                {
                    // Only a connection that was never made proves the request never reached a silo.
                    sent = exception.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError);
                    (failure, error) = ("connection", exception);
                }
                catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
                {
                    (failure, error) = ("timeout", new TimeoutException($"{silo} did not answer within {_options.AttemptTimeout}.", exception));
                }

                if (response is not null)
                {
                    if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
                    {
                        activity?.SetTag("widgets.client.attempts", attempt);
                        return response;
                    }

                    using (response)
                    {
                        var apiError = new WidgetsApiException(response.StatusCode, await ReadErrorAsync(response, cancellationToken));

                        // 503: the silo is not ready or does not hold the shard yet, and did nothing.
                        var transient = response.StatusCode == HttpStatusCode.ServiceUnavailable
                            || (retry == Retry.Always && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout);
                        if (!transient || attempt >= _options.MaxAttempts)
                        {
                            Fail(activity, apiError);
                            throw apiError;
                        }

                        (failure, error) = ("unavailable", apiError);
                    }
                }
                else if (attempt >= _options.MaxAttempts || (sent && retry != Retry.Always))
                {
                    var exhausted = new WidgetsApiException($"{method.Method} {path} failed at {silo}: {error!.Message}", error);
                    Fail(activity, exhausted);
                    throw exhausted;
                }
            }

            _silos.Failed(position);
            ClientInstruments.Retries.Add(1, new KeyValuePair<string, object?>("widgets.client.failure", failure));
            activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["widgets.client.failure"] = failure, ["server.address"] = silo.Authority }));
            await Task.Delay(RetryDelay(attempt), _options.TimeProvider, cancellationToken);
        }
    }

    private TimeSpan RetryDelay(int failedAttempts)
    {
        // The first move to another silo is immediate; waits grow once every silo has been tried.
        if (failedAttempts < _silos.Count)
        {
            return TimeSpan.Zero;
        }

        var delay = _options.RetryDelay * Math.Pow(2, Math.Min(failedAttempts - _silos.Count, 16));
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private static void Fail(Activity? activity, Exception exception)
    {
        ClientInstruments.Failures.Add(1);
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttp()
        => new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            // Each attempt has its own timeout (WidgetCenterClientOptions.AttemptTimeout).
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>When a failed attempt may be sent again.</summary>
    private enum Retry
    {
        /// <summary>The request sets state; repeating it changes nothing more.</summary>
        Always,

        /// <summary>The request asks for work; repeat it only if it certainly never reached a silo (or one refused it with 503).</summary>
        IfNeverSent,
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var fallback = response.ReasonPhrase ?? response.StatusCode.ToString();
        try
        {
            var body = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.ErrorBody, cancellationToken);
            return body?.Error ?? fallback;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return fallback;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw new WidgetsApiException(response.StatusCode, "The server answered with an empty body.");
        }
        catch (JsonException exception)
        {
            throw new WidgetsApiException($"The server's answer could not be read: {exception.Message}", exception);
        }
    }

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
