using System.Globalization;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Sessions;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.TestSilo.Grains;

namespace Orleans.Widgets.TestSilo;

/// <summary>HTTP endpoints that drive <see cref="ProbeGrain"/> from a test process. Each answers 200 only once the grain call completed.</summary>
public static class TestEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var test = endpoints.MapGroup("/test");

        test.MapPost("/state/{key}/{value}", async (string key, string value, IGrainFactory grains) =>
        {
            await grains.GetGrain<IProbeGrain>(key).SetValueAsync(value);
            return Results.Ok();
        });

        test.MapGet("/state/{key}", async (string key, IGrainFactory grains) =>
            await grains.GetGrain<IProbeGrain>(key).GetValueAsync() is { } value ? Results.Text(value) : Results.NotFound());

        test.MapPost("/reminder/{key}", async (string key, int dueSeconds, int periodSeconds, IGrainFactory grains) =>
        {
            await grains.GetGrain<IProbeGrain>(key).StartReminderAsync(dueSeconds, periodSeconds);
            return Results.Ok();
        });

        // One process id per line: the silo that delivered each tick.
        test.MapGet("/ticks/{key}", async (string key, IGrainFactory grains) =>
        {
            var ticks = await grains.GetGrain<IProbeGrain>(key).GetTicksAsync();
            return Results.Text(string.Join('\n', ticks.Select(static t => t.ToString(CultureInfo.InvariantCulture))));
        });

        // The process id of the silo where the grain's activation runs (the call is routed there).
        test.MapGet("/owner/{key}", async (string key, IGrainFactory grains) =>
            Results.Text((await grains.GetGrain<IProbeGrain>(key).GetSiloProcessIdAsync()).ToString(CultureInfo.InvariantCulture)));

        test.MapPost("/writing/{key}", async (string key, IGrainFactory grains) =>
        {
            await grains.GetGrain<IProbeGrain>(key).StartWritingAsync();
            return Results.Ok();
        });

        // The shard of a background session's grain: the silo holding that shard's lease runs its downloads.
        test.MapGet("/session-shard/{app}/{identifier}", (string app, string identifier, IGrainFactory grains, IShardLocator shards) =>
        {
            var session = (GrainReference)(object)grains.GetGrain<ISessionGrain>(SessionKeys.Session(app, identifier));
            return Results.Text(shards.GetShard(session.GrainId).ToString(CultureInfo.InvariantCulture));
        });

        // Kind settings the REST API refuses (a minimum interval under 5 minutes), so that a process test can see a
        // widget reload several times within seconds.
        test.MapPost("/apps/{app}/kinds/{kind}/min-reload-interval/{seconds:int}", async (string app, string kind, int seconds, IGrainFactory grains) =>
        {
            var appGrain = grains.GetGrain<IAppGrain>(app);
            if (await appGrain.GetDefinition() is not { } definition || definition.FindKind(kind) is null)
            {
                return Results.NotFound();
            }

            var kinds = definition.Kinds.Select(k => k.Kind == kind ? k with { MinReloadInterval = TimeSpan.FromSeconds(seconds) } : k).ToArray();
            await appGrain.Configure(new AppDefinition(kinds));
            return Results.Ok();
        });

        test.MapGet("/pid", () => Results.Text(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
    }
}
