using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Testing;

/// <summary>
/// The runtime's simulated clock, started at a random instant so a test that reads the real clock fails.
/// </summary>
public static class FakeClock
{
    public static SimulatedTimeProvider Create()
        => new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Random.Shared.Next(0, 86_400 * 365)));
}
