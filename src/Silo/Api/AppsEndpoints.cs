using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Silo.Api;

/// <summary><c>/v1/apps/{app}</c>: creating and configuring apps (admin) and reading an app's kinds.</summary>
internal static class AppsEndpoints
{
    public const int MaxKinds = 1000;
    public const int MaxReloadIntervalSeconds = 7 * 24 * 3600;
    public const int MaxCoalesceWindowSeconds = 3600;

    public static void MapAdmin(RouteGroupBuilder admin)
    {
        admin.MapPut("/apps/{app}", PutApp)
            .WithName("PutApp")
            .WithSummary("Creates an app (201, with its API key, shown only once) or replaces its kinds (200).")
            .Accepts<AppRequest>("application/json")
            .Produces<AppCreatedResponse>(StatusCodes.Status201Created)
            .Produces<AppUpdatedResponse>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
    }

    public static void MapApp(RouteGroupBuilder app)
    {
        app.MapGet(string.Empty, GetApp)
            .WithName("GetApp")
            .WithSummary("The app's kinds.")
            .Produces<AppResponse>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PutApp(string app, HttpRequest request, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (ApiValidation.Id(app, "app") is { } invalidApp)
        {
            return ApiResults.BadRequest(invalidApp);
        }

        var body = await ApiRequestBody.ReadAsync(request, ApiJsonContext.Default.AppRequest);
        if (body.Error is { } error)
        {
            return error;
        }

        if (ReadKinds(body.Value!, out var kinds) is { } invalid)
        {
            return ApiResults.BadRequest(invalid);
        }

        var result = await grains.Get<IAppGrain>(app, "apps").Configure(new AppDefinition(kinds));
        var logger = loggers.CreateLogger(ApiLog.Category);
        if (result.Created)
        {
            ApiLog.AppCreated(logger, app);
            request.HttpContext.Response.Headers.Location = $"/v1/apps/{Uri.EscapeDataString(app)}";
            return ApiResults.Json(new AppCreatedResponse(app, result.ApiKey!), ApiJsonContext.Default.AppCreatedResponse, StatusCodes.Status201Created);
        }

        ApiLog.AppUpdated(logger, app, kinds.Count);
        return ApiResults.Json(new AppUpdatedResponse(app), ApiJsonContext.Default.AppUpdatedResponse);
    }

    private static async Task<IResult> GetApp(string app, IGrainFactory grains)
    {
        var definition = await grains.Get<IAppGrain>(app, "apps").GetDefinition();
        if (definition is null)
        {
            return ApiResults.AppNotFound(app);
        }

        var kinds = definition.Kinds.Select(static k => new KindResponse(
            k.Kind,
            new ProviderResponse(k.ProviderUrl?.OriginalString, k.BuiltinProvider),
            (int)k.MinReloadInterval.TotalSeconds,
            (int)k.CoalesceWindow.TotalSeconds,
            k.UsesLocation,
            k.SessionHandler is { } handler ? new SessionHandlerResponse(handler.Url?.OriginalString, handler.Builtin) : null)).ToList();
        return ApiResults.Json(new AppResponse(app, kinds), ApiJsonContext.Default.AppResponse);
    }

    /// <summary>Validates and converts the kinds; returns the message naming the first bad field, or <see langword="null"/>.</summary>
    internal static string? ReadKinds(AppRequest request, out List<KindSettings> kinds)
    {
        kinds = [];
        if (request.Kinds is null || request.Kinds.Count == 0)
        {
            return "kinds is required (at least one kind)";
        }

        if (request.Kinds.Count > MaxKinds)
        {
            return $"kinds has more than {MaxKinds} entries";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Kinds.Count; i++)
        {
            var field = $"kinds[{i}]";
            if (request.Kinds[i] is not { } kind)
            {
                return $"{field} must be an object";
            }

            if (ApiValidation.Id(kind.Kind, $"{field}.kind") is { } invalidKind)
            {
                return invalidKind;
            }

            if (!seen.Add(kind.Kind!))
            {
                return $"{field}.kind '{kind.Kind}' is listed more than once";
            }

            if (kind.Provider is not { } provider)
            {
                return $"{field}.provider is required ({{\"url\": ...}} or {{\"builtin\": ...}})";
            }

            if (ReadEndpoint(provider.Url, provider.Builtin, $"{field}.provider", out var url) is { } invalidProvider)
            {
                return invalidProvider;
            }

            var minInterval = kind.MinReloadIntervalSeconds ?? (int)KindSettings.MinimumReloadInterval.TotalSeconds;
            if (minInterval < KindSettings.MinimumReloadInterval.TotalSeconds || minInterval > MaxReloadIntervalSeconds)
            {
                return $"{field}.minReloadIntervalSeconds must be between {KindSettings.MinimumReloadInterval.TotalSeconds} and {MaxReloadIntervalSeconds}";
            }

            var coalesce = kind.CoalesceWindowSeconds ?? 30;
            if (coalesce is < 0 or > MaxCoalesceWindowSeconds)
            {
                return $"{field}.coalesceWindowSeconds must be between 0 and {MaxCoalesceWindowSeconds}";
            }

            if (ReadSessionHandler(kind.SessionHandler, $"{field}.sessionHandler", out var sessionHandler) is { } invalidHandler)
            {
                return invalidHandler;
            }

            kinds.Add(new KindSettings
            {
                Kind = kind.Kind!,
                ProviderUrl = url,
                BuiltinProvider = provider.Builtin,
                MinReloadInterval = TimeSpan.FromSeconds(minInterval),
                CoalesceWindow = TimeSpan.FromSeconds(coalesce),
                UsesLocation = kind.UsesLocation ?? false,
                SessionHandler = sessionHandler,
            });
        }

        return null;
    }

    private static string? ReadSessionHandler(SessionHandlerRequest? request, string field, out SessionHandlerSettings? handler)
    {
        handler = null;
        if (request is null)
        {
            return null;
        }

        if (ReadEndpoint(request.Url, request.Builtin, field, out var url) is { } invalid)
        {
            return invalid;
        }

        handler = new SessionHandlerSettings { Url = url, Builtin = request.Builtin };
        return null;
    }

    /// <summary>Exactly one of an absolute http(s) <paramref name="url"/> or a <paramref name="builtin"/> name.</summary>
    private static string? ReadEndpoint(string? url, string? builtin, string field, out Uri? parsed)
    {
        parsed = null;
        if ((url is null) == (builtin is null))
        {
            return $"{field} must have exactly one of url or builtin";
        }

        if (url is not null
            && (!Uri.TryCreate(url, UriKind.Absolute, out parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)))
        {
            return $"{field}.url must be an absolute http or https URL";
        }

        return builtin is not null ? ApiValidation.Id(builtin, $"{field}.builtin") : null;
    }
}
