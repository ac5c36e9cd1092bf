namespace Orleans.Widgets.Silo.Api;

/// <summary><c>PUT /v1/apps/{app}</c>: the app's kinds.</summary>
internal sealed class AppRequest
{
    public List<KindRequest?>? Kinds { get; set; }
}

/// <summary>One kind of an app.</summary>
internal sealed class KindRequest
{
    public string? Kind { get; set; }

    public ProviderRequest? Provider { get; set; }

    public int? MinReloadIntervalSeconds { get; set; }

    public int? CoalesceWindowSeconds { get; set; }

    public bool? UsesLocation { get; set; }

    public SessionHandlerRequest? SessionHandler { get; set; }
}

/// <summary>Where a kind's background session events go: exactly one of an app server's callback URL or a built-in handler's name.</summary>
internal sealed class SessionHandlerRequest
{
    public string? Url { get; set; }

    public string? Builtin { get; set; }
}

/// <summary>Where a kind's timelines come from: exactly one of an app server's URL or a built-in provider's name.</summary>
internal sealed class ProviderRequest
{
    public string? Url { get; set; }

    public string? Builtin { get; set; }
}

/// <summary>201 answer to creating an app: its API key, shown only this once.</summary>
internal sealed record AppCreatedResponse(string App, string ApiKey);

/// <summary>200 answer to updating an app.</summary>
internal sealed record AppUpdatedResponse(string App);

/// <summary><c>GET /v1/apps/{app}</c>: the app's kinds.</summary>
internal sealed record AppResponse(string App, IReadOnlyList<KindResponse> Kinds);

/// <summary>One kind as stored.</summary>
internal sealed record KindResponse(
    string Kind,
    ProviderResponse Provider,
    int MinReloadIntervalSeconds,
    int CoalesceWindowSeconds,
    bool UsesLocation,
    SessionHandlerResponse? SessionHandler);

/// <summary>A kind's session handler.</summary>
internal sealed record SessionHandlerResponse(string? Url, string? Builtin);

/// <summary>A kind's provider.</summary>
internal sealed record ProviderResponse(string? Url, string? Builtin);
