using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Silo.Simulation;

/// <summary>The simulated app and its kinds, each with the reload policy its timelines carry.</summary>
internal static class SimulatedKinds
{
    public const string App = "simapp";
    public const string ProviderName = "simulation";

    /// <summary>Live scores: entries now, +15 min, +30 min, <c>atEnd</c> (asks about twice an hour); reloaded by team when a goal falls.</summary>
    public const string Scores = "sim.scores";

    /// <summary>Weather: hourly entries for 3 hours, <c>atEnd</c>.</summary>
    public const string Weather = "sim.weather";

    /// <summary>Stocks: one entry, <c>after</c> the next market open or close, an instant shared by the whole fleet (a storm).</summary>
    public const string Stocks = "sim.stocks";

    /// <summary>Notes: one entry, <c>never</c>; only app-server reloads refresh it.</summary>
    public const string Notes = "sim.notes";

    public static readonly string[] All = [Scores, Weather, Stocks, Notes];

    /// <summary>The configuration key of each kind and how many distinct values it takes.</summary>
    public static (string Key, int Values) Configuration(string kind) => kind switch
    {
        Scores => ("team", 40),
        Weather => ("city", 20),
        Stocks => ("symbol", 30),
        _ => ("list", 10),
    };

    public static KindSettings Settings(string kind) => new() { Kind = kind, BuiltinProvider = ProviderName };

    /// <summary>Market opens 13:30 UTC and closes 20:00 UTC on every simulated day.</summary>
    public static DateTimeOffset NextMarketInstant(DateTimeOffset now)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        foreach (var candidate in new[] { day.AddHours(13.5), day.AddHours(20), day.AddDays(1).AddHours(13.5) })
        {
            if (candidate > now)
            {
                return candidate;
            }
        }

        return day.AddDays(1).AddHours(20);
    }
}
