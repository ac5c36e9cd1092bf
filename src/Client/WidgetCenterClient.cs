using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Widgets.Client;

/// <summary>
/// An app server's view of the widgets of one app, over the REST API: WidgetCenter-style reloads, the widgets on a
/// device, registering and removing widgets, and widget and device events. <see cref="HttpClient.BaseAddress"/> must be
/// the silo's (or load balancer's) address. Every refused request throws <see cref="WidgetsApiException"/>.
/// </summary>
public sealed class WidgetCenterClient
{
    private readonly HttpClient _http;
    private readonly string _appPath;
    private readonly AuthenticationHeaderValue _authorization;

    /// <summary>Creates a client for <paramref name="app"/> authenticated by the app's <paramref name="apiKey"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="app"/> or <paramref name="apiKey"/> is empty.</exception>
    public WidgetCenterClient(HttpClient http, string app, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(app);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        _http = http;
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
        return ReloadAsync(new ReloadBody(kind, null), cancellationToken);
    }

    /// <summary>Reloads the widgets of <paramref name="kind"/> whose configuration contains every pair of <paramref name="configurationMatch"/>.</summary>
    public Task<ReloadResult> ReloadTimelinesAsync(string kind, IReadOnlyDictionary<string, string> configurationMatch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(configurationMatch);
        return ReloadAsync(new ReloadBody(kind, configurationMatch), cancellationToken);
    }

    /// <summary>Reloads every widget of every kind of the app.</summary>
    public Task<ReloadResult> ReloadAllTimelinesAsync(CancellationToken cancellationToken = default)
        => ReloadAsync(new ReloadBody(null, null), cancellationToken);

    /// <summary>The widgets on <paramref name="device"/> with their kind, family and configuration.</summary>
    public async Task<IReadOnlyList<CurrentConfiguration>> GetCurrentConfigurationsAsync(string device, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        using var response = await SendAsync(HttpMethod.Get, $"{_appPath}/devices/{Uri.EscapeDataString(device)}/configurations", null, cancellationToken);
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
        var body = JsonContent.Create(
            new WidgetBody(kind, family, device, configuration ?? new Dictionary<string, string>()),
            ClientJsonContext.Default.WidgetBody);
        using var response = await SendAsync(HttpMethod.Put, WidgetPath(widgetId), body, cancellationToken);
        return await ReadAsync(response, ClientJsonContext.Default.WidgetStatus, cancellationToken);
    }

    /// <summary>The widget's status, or <see langword="null"/> if there is no such widget.</summary>
    public async Task<WidgetStatus?> GetWidgetAsync(string widgetId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, WidgetPath(widgetId), null, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, ClientJsonContext.Default.WidgetStatus, cancellationToken);
    }

    /// <summary>Removes the widget; returns whether it existed.</summary>
    public async Task<bool> RemoveWidgetAsync(string widgetId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, WidgetPath(widgetId), null, cancellationToken, allowNotFound: true);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    /// <summary>Reports that the widget became visible or hidden, or that the user interacted with it.</summary>
    public async Task PostWidgetEventAsync(string widgetId, WidgetEventType type, CancellationToken cancellationToken = default)
    {
        var body = JsonContent.Create(new WidgetEventBody(Name(type)), ClientJsonContext.Default.WidgetEventBody);
        using var response = await SendAsync(HttpMethod.Post, $"{WidgetPath(widgetId)}/events", body, cancellationToken);
    }

    /// <summary>Reports a device event; <paramref name="latitude"/> and <paramref name="longitude"/> go with <see cref="DeviceEventType.Location"/>.</summary>
    public async Task PostDeviceEventAsync(string device, DeviceEventType type, double? latitude = null, double? longitude = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        var location = latitude is { } lat && longitude is { } lon ? new LocationBody(lat, lon) : null;
        var body = JsonContent.Create(new DeviceEventBody(Name(type), location), ClientJsonContext.Default.DeviceEventBody);
        using var response = await SendAsync(HttpMethod.Post, $"{_appPath}/devices/{Uri.EscapeDataString(device)}/events", body, cancellationToken);
    }

    private async Task<ReloadResult> ReloadAsync(ReloadBody request, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(request, ClientJsonContext.Default.ReloadBody);
        using var response = await SendAsync(HttpMethod.Post, $"{_appPath}/reloads", body, cancellationToken);
        return await ReadAsync(response, ClientJsonContext.Default.ReloadResult, cancellationToken);
    }

    private string WidgetPath(string widgetId)
    {
        ArgumentException.ThrowIfNullOrEmpty(widgetId);
        return $"{_appPath}/widgets/{Uri.EscapeDataString(widgetId)}";
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = _authorization;
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            throw new WidgetsApiException(response.StatusCode, await ReadErrorAsync(response, cancellationToken));
        }
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
