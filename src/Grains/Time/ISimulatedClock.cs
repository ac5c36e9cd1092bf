namespace Orleans.Widgets.Grains.Time;

/// <summary>
/// The silo's clock when it can be driven by hand (setting <c>Widgets:Clock=simulated</c>), for demos and tests of
/// day-long timelines and budgets. Registered in the silo's services only when such a clock is in use.
/// </summary>
public interface ISimulatedClock
{
    /// <summary>The clock's current time.</summary>
    DateTimeOffset Now { get; }

    /// <summary>Whether the clock is simulated (and <see cref="AdvanceAsync"/> moves it).</summary>
    bool IsSimulated { get; }

    /// <summary>Moves the clock forward by <paramref name="by"/>, firing timers and reminders that fall due.</summary>
    Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken);
}
