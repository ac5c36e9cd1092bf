using System.Diagnostics;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Indexing;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Silo.Api;

/// <summary><c>POST /v1/apps/{app}/reloads</c>: reloads by kind, of every kind, or of the widgets matching a configuration.</summary>
internal static class ReloadsEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapPost("/reloads", PostReload)
            .WithName("ReloadTimelines")
            .WithSummary("Reloads every widget of a kind ({\"kind\"}), of every kind ({}), or of a kind whose configuration contains the given pairs ({\"kind\", \"configuration\"}). Reloads still obey budget, spacing and exemptions. With a caller-chosen \"reloadId\" (a GUID) the request is idempotent and may be resent after any failure. Answered (202) once every kind index partition has stored the request, so a crash after the answer does not lose it.")
            .Accepts<ReloadRequest>("application/json")
            .Produces<ReloadResponse>(StatusCodes.Status202Accepted)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> PostReload(string app, HttpRequest request, IGrainFactory grains, IShardLocator shards, ILoggerFactory loggers)
    {
        var body = await ApiRequestBody.ReadAsync(request, ApiJsonContext.Default.ReloadRequest, static () => new ReloadRequest());
        if (body.Error is { } error)
        {
            return error;
        }

        var input = body.Value!;
        if (ApiValidation.Configuration(input.Configuration, "configuration", out var configuration) is { } invalidConfiguration)
        {
            return ApiResults.BadRequest(invalidConfiguration);
        }

        if (input.Kind is null && input.Configuration is not null)
        {
            return ApiResults.BadRequest("kind is required with configuration");
        }

        var reloadId = Guid.NewGuid();
        if (input.ReloadId is not null && (!Guid.TryParse(input.ReloadId, out reloadId) || reloadId == Guid.Empty))
        {
            return ApiResults.BadRequest("reloadId must be a non-empty GUID");
        }

        var definition = await grains.Get<IAppGrain>(app, "apps").GetDefinition();
        if (definition is null)
        {
            return ApiResults.AppNotFound(app);
        }

        if (input.Kind is not null && definition.FindKind(input.Kind) is null)
        {
            return ApiResults.BadRequest($"unknown kind '{input.Kind}'");
        }

        IReadOnlyList<string> kinds = input.Kind is null ? definition.Kinds.Select(static k => k.Kind).ToList() : [input.Kind];
        IReadOnlyDictionary<string, string>? match = input.Configuration is null ? null : configuration;
        var kindTag = input.Kind ?? "*";

        // One span for the whole fan-out; the batches it causes link to it.
        using var activity = ApiTelemetry.Source.StartActivity("widgets.reload", ActivityKind.Internal);
        activity?.SetTag("widgets.app", app);
        activity?.SetTag("widgets.kind", kindTag);
        activity?.SetTag("widgets.reload.id", reloadId.ToString());
        activity?.SetTag("widgets.reload.targeted", match is not null);

        var shardCount = shards.ShardCount;
        var calls = new List<Task<int>>(kinds.Count * shardCount);
        foreach (var kind in kinds)
        {
            for (var shard = 0; shard < shardCount; shard++)
            {
                calls.Add(grains.Get<IKindIndexGrain>(WidgetKeys.Partition(shard, app, kind), "kind indexes").Reload(reloadId.ToString("N"), match));
            }
        }

        int widgets;
        try
        {
            widgets = (await Task.WhenAll(calls)).Sum();
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity?.SetTag("error.type", exception.GetType().FullName);
            throw;
        }

        activity?.SetTag("widgets.partitions", calls.Count);
        activity?.SetTag("widgets.count", widgets);
        ApiLog.Reloaded(loggers.CreateLogger(ApiLog.Category), reloadId, app, kindTag, widgets);
        return ApiResults.Json(new ReloadResponse(reloadId, widgets), ApiJsonContext.Default.ReloadResponse, StatusCodes.Status202Accepted);
    }
}
