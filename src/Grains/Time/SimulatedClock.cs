using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Time;

/// <summary>
/// The silo's simulated clock: advancing it fires every timer and reminder due on the way, in order, and returns
/// only once the reloads they started have finished or failed.
/// </summary>
public sealed class SimulatedClock : ISimulatedClock
{
    private readonly SimulatedTimeProvider _time;
    private readonly ISiloQuiescence _silo;
    private readonly ReloadWorkTracker _tracker;

    public SimulatedClock(SimulatedTimeProvider time, ISiloQuiescence silo, ReloadWorkTracker tracker)
    {
        _time = time;
        _silo = silo;
        _tracker = tracker;
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    public bool IsSimulated => true;

    public Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "The clock only moves forward.");
        }

        return _time.AdvanceAsync(by, () => SettleAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Waits until the silo and the background reload work are both idle at the same moment.</summary>
    public async Task SettleAsync(CancellationToken cancellationToken = default)
    {
        do
        {
            await _silo.WhenIdleAsync(cancellationToken);
            await _tracker.WhenIdleAsync().WaitAsync(cancellationToken);
        }
        while (_tracker.Outstanding > 0);

        await _silo.WhenIdleAsync(cancellationToken);
    }
}
