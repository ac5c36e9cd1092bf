using Orleans.Widgets.Runtime.Catalog;
using Orleans.Widgets.Runtime.Timers;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>A grain timer's tick, run as a turn of its activation.</summary>
internal sealed class TimerTickWorkItem : WorkItem
{
    private readonly GrainTimer _timer;

    public TimerTickWorkItem(GrainTimer timer) => _timer = timer;

    public override bool KeepsAlive => false;

    public override Task ExecuteAsync(ActivationData activation) => _timer.TickAsync();

    // A timer belongs to its activation: when that goes, so do its ticks.
    public override void Redirect(SiloRuntime runtime, GrainId target) => _timer.OnTickDropped();

    public override void Fail(Exception exception) => _timer.OnTickDropped();
}
