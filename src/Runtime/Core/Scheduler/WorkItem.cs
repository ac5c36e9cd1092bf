using Orleans.Widgets.Runtime.Catalog;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>One turn queued on an activation: a call, a timer tick. Items form an intrusive queue, so queuing allocates nothing else.</summary>
internal abstract class WorkItem
{
    public WorkItem? Next { get; set; }

    /// <summary>Whether running the item counts as activity that keeps the activation from idle collection.</summary>
    public virtual bool KeepsAlive => true;

    /// <summary>Runs the turn on the grain. Never throws: failures go to the item's caller.</summary>
    public abstract Task ExecuteAsync(ActivationData activation);

    /// <summary>The activation went away before the item ran: send it again through the catalog, or drop it.</summary>
    public abstract void Redirect(SiloRuntime runtime, GrainId target);

    /// <summary>The item can never run (activation failed); fail its caller.</summary>
    public abstract void Fail(Exception exception);
}
