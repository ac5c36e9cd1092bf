using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Runtime.Diagnostics;

/// <summary>The runtime's ActivitySource and Meter (both named <see cref="Name"/>) and its instruments.</summary>
internal static class RuntimeInstruments
{
    public const string Name = "Orleans.Widgets.Runtime";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ActivationsCreated = Meter.CreateCounter<long>("widgets.activation.created", "{activation}", "Activations created.");

    public static readonly Counter<long> ActivationsDeactivated = Meter.CreateCounter<long>("widgets.activation.deactivated", "{activation}", "Activations deactivated, by reason.");

    public static readonly Counter<long> ActivationsFailed = Meter.CreateCounter<long>("widgets.activation.failed", "{activation}", "Activations whose construction, state read or OnActivateAsync failed.");

    public static readonly Counter<long> CallTimeouts = Meter.CreateCounter<long>("widgets.grain.call.timeouts", "{call}", "Grain calls that timed out.");

    public static readonly Counter<long> ShardsAcquired = Meter.CreateCounter<long>("widgets.shard.acquired", "{shard}", "Shard leases taken.");

    public static readonly Counter<long> ShardsLost = Meter.CreateCounter<long>("widgets.shard.lost", "{shard}", "Shard leases lost.");

    public static readonly Counter<long> RemindersFired = Meter.CreateCounter<long>("widgets.reminder.fired", "{tick}", "Reminder ticks delivered.");

    public static readonly Counter<long> ReminderAcksSkipped = Meter.CreateCounter<long>("widgets.reminder.acks.skipped", "{tick}", "Reminder ticks whose acknowledgement was left out: the grain re-registered the reminder while handling the tick.");

    public static readonly Counter<long> ReminderFailures = Meter.CreateCounter<long>("widgets.reminder.failed", "{tick}", "Reminder ticks that could not be delivered and will be retried.");

    public static readonly Histogram<double> ReminderLateness = Meter.CreateHistogram<double>("widgets.reminder.lateness", "s", "How late reminder ticks were delivered.");

    public static readonly Counter<long> StateWrites = Meter.CreateCounter<long>("widgets.state.writes", "{write}", "Grain state writes, by outcome.");
}
