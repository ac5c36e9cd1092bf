using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Silo.Health;

/// <summary>Liveness and readiness endpoints for process supervisors and load balancers.</summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IEndpointRouteBuilder MapSiloHealth(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process serves requests. Ready: the runtime has opened its store, taken its leases and accepts calls.
        endpoints.MapGet(LivePath, static () => Results.Json(new HealthReport("live"), HealthJsonContext.Default.HealthReport));
        endpoints.MapGet(ReadyPath, static (ISiloStatus status) =>
        {
            var ready = status.IsReady;
            var report = ready
                ? new HealthReport("ready", status.SiloId)
                : new HealthReport("not ready", status.SiloId, status.NotReadyReason ?? "The runtime has not started yet.");
            return Results.Json(report, HealthJsonContext.Default.HealthReport,
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
