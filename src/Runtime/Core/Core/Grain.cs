using Orleans.Widgets.Runtime;
using Orleans.Widgets.Runtime.Catalog;

namespace Orleans.Widgets;

/// <summary>
/// Base class of grain implementations. The runtime creates one instance per activation and runs its calls one
/// at a time, in arrival order (turn-based, non-reentrant).
/// </summary>
public abstract class Grain
{
    /// <summary>Binds the grain to the activation being created. Grains are created by the runtime only.</summary>
    /// <exception cref="InvalidOperationException">The grain was constructed outside the runtime.</exception>
    protected Grain()
    {
        Activation = ActivationData.CurrentlyActivating
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: the runtime creates it on the first call; use IGrainFactory.GetGrain.");
    }

    /// <summary>The activation's context.</summary>
    public IGrainContext GrainContext => Activation;

    internal ActivationData Activation { get; }

    /// <summary>The grain factory, for calling other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime.GrainFactory;

    /// <summary>
    /// A named state of this grain created after construction, for states whose number is known only at run time
    /// (the pages of an index). Unlike a constructor's state it is not read at activation: call
    /// <see cref="IStorage.ReadStateAsync"/> before using it. Writes go through group commit under the activation's fence.
    /// </summary>
    /// <exception cref="ArgumentException">The state name is empty.</exception>
    protected IPersistentState<TState> GetPersistentState<TState>(string stateName)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        return new Runtime.Storage.PersistentState<TState>(Activation, stateName, removeRemindersOnClear: false);
    }

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => Activation.ActivationServices;

    /// <summary>This grain's id.</summary>
    public GrainId GetGrainId() => Activation.GrainId;

    /// <summary>This grain's string key.</summary>
    public string GetPrimaryKeyString() => Activation.GrainId.Key;

    /// <summary>Called once, before the first call is delivered.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once, when the activation is being deactivated, after its last call.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation when the current call ends; the next call creates a new one.</summary>
    protected void DeactivateOnIdle()
        => Activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Keeps the activation from being collected as idle for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => Activation.DelayDeactivation(timeSpan);

    /// <summary>
    /// Starts a timer whose ticks run as turns of this activation (never concurrently with a call). A timer lives
    /// only as long as the activation; use a reminder for anything that must survive deactivation.
    /// </summary>
    /// <param name="callback">Runs on each tick.</param>
    /// <param name="dueTime">Delay before the first tick.</param>
    /// <param name="period">Interval between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for a single tick.</param>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(static (cb, ct) => cb(ct), callback, dueTime, period);
    }

    /// <summary>Starts a timer that passes <paramref name="state"/> to its callback. See the other overload.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, state, dueTime, period);
    }

    /// <summary>Registers or updates a durable periodic reminder. It survives deactivation and restarts.</summary>
    /// <exception cref="ArgumentException">The name is empty, or the due time or period is negative.</exception>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
        => Activation.Runtime.Reminders.RegisterOrUpdateAsync(Activation, reminderName, dueTime, period);

    /// <summary>Registers or updates a durable one-shot reminder: it fires once, then is removed.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime)
        => Activation.Runtime.Reminders.RegisterOrUpdateAsync(Activation, reminderName, dueTime, TimeSpan.Zero);

    /// <summary>Removes a reminder.</summary>
    protected Task UnregisterReminder(IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return Activation.Runtime.Reminders.UnregisterAsync(Activation, reminder.ReminderName);
    }

    /// <summary>Returns the reminder with the given name, or <see langword="null"/>.</summary>
    protected Task<IGrainReminder?> GetReminder(string reminderName)
        => Activation.Runtime.Reminders.GetReminderAsync(Activation, reminderName);

    /// <summary>Returns all reminders of this grain.</summary>
    protected Task<IReadOnlyList<IGrainReminder>> GetReminders()
        => Activation.Runtime.Reminders.GetRemindersAsync(Activation);
}
