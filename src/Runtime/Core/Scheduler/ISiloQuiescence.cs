namespace Orleans.Widgets.Runtime;

/// <summary>
/// On a silo whose clock is a <see cref="SimulatedTimeProvider"/>: waits until no grain turn is queued or running
/// and no reminder is being delivered, so a simulated clock can move on only when the work of the last instant is done.
/// </summary>
public interface ISiloQuiescence
{
    /// <summary>Completes when the silo has nothing in progress.</summary>
    Task WhenIdleAsync(CancellationToken cancellationToken = default);
}
