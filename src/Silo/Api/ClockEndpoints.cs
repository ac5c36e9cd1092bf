using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Time;
using Orleans.Widgets.Silo.Configuration;

namespace Orleans.Widgets.Silo.Api;

/// <summary><c>/v1/clock</c>: the silo's time; advancing it when it is simulated (admin).</summary>
internal static class ClockEndpoints
{
    /// <summary>Longest single step of a simulated clock.</summary>
    public const double MaxAdvanceSeconds = 366 * 24 * 3600;

    public static void Map(RouteGroupBuilder v1)
    {
        var clock = v1.MapGroup("/clock");
        clock.MapGet(string.Empty, GetClock)
            .RequireCaller()
            .WithName("GetClock")
            .WithSummary("The silo's current time and whether its clock is simulated.")
            .Produces<ClockResponse>();
        clock.MapPost("/advance", Advance)
            .RequireAdmin()
            .WithName("AdvanceClock")
            .WithSummary("Moves a simulated clock forward (admin; only with Widgets:Clock=simulated, else 409).")
            .Accepts<ClockAdvanceRequest>("application/json")
            .Produces<ClockResponse>()
            .Produces<ApiError>(StatusCodes.Status409Conflict);
    }

    private static IResult GetClock(HttpContext http, TimeProvider time)
    {
        var simulated = SimulatedClock(http);
        var now = simulated?.Now ?? time.GetUtcNow();
        return ApiResults.Json(new ClockResponse(now, simulated is not null), ApiJsonContext.Default.ClockResponse);
    }

    private static async Task<IResult> Advance(HttpRequest request)
    {
        var clock = SimulatedClock(request.HttpContext);
        if (clock is null)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, "the clock is not simulated; start the silo with Widgets:Clock=simulated");
        }

        var body = await ApiRequestBody.ReadAsync(request, ApiJsonContext.Default.ClockAdvanceRequest);
        if (body.Error is { } error)
        {
            return error;
        }

        if (body.Value!.Seconds is not { } seconds || !double.IsFinite(seconds) || seconds <= 0 || seconds > MaxAdvanceSeconds)
        {
            return ApiResults.BadRequest($"seconds must be a number greater than 0 and at most {MaxAdvanceSeconds}");
        }

        await clock.AdvanceAsync(TimeSpan.FromSeconds(seconds), request.HttpContext.RequestAborted);
        return ApiResults.Json(new ClockResponse(clock.Now, true), ApiJsonContext.Default.ClockResponse);
    }

    /// <summary>The simulated clock when the setting asks for one and the silo has one; else <see langword="null"/>.</summary>
    private static ISimulatedClock? SimulatedClock(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        return options.IsClockSimulated && http.RequestServices.GetService<ISimulatedClock>() is { IsSimulated: true } clock ? clock : null;
    }
}
