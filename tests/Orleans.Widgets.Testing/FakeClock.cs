using System.Globalization;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Testing;

/// <summary>
/// The runtime's simulated clock, started at a random instant so a test that reads the real clock fails.
/// Set <c>WIDGETS_TEST_CLOCK_START</c> (ISO 8601) to replay a run from a given instant.
/// </summary>
public static class FakeClock
{
    public const string StartVariable = "WIDGETS_TEST_CLOCK_START";

    public static SimulatedTimeProvider Create()
    {
        var pinned = Environment.GetEnvironmentVariable(StartVariable);
        var start = string.IsNullOrEmpty(pinned)
            ? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Random.Shared.Next(0, 86_400 * 365))
            : DateTimeOffset.Parse(pinned, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return new SimulatedTimeProvider(start);
    }
}
