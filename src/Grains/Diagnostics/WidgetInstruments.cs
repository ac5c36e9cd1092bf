using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Grains.Diagnostics;

/// <summary>The widget domain's ActivitySource and Meter (both <see cref="Name"/>) and instruments. Tags stay low-cardinality.</summary>
internal static class WidgetInstruments
{
    public const string Name = "Orleans.Widgets.Reloads";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Reloads = Meter.CreateCounter<long>("widgets.reloads", "{reload}", "Timelines applied, by reason and whether counted against the budget.");

    public static readonly Counter<long> Deferrals = Meter.CreateCounter<long>("widgets.reload.deferrals", "{reload}", "Reloads deferred, by what they wait for.");

    public static readonly Counter<long> ProviderFailures = Meter.CreateCounter<long>("widgets.reload.failures", "{reload}", "Reloads whose provider call failed; the old timeline stays.");

    public static readonly Counter<long> ReminderMovesSkipped = Meter.CreateCounter<long>("widgets.reminder.moves.skipped", "{move}", "Reminder moves left out because the reminder was already due early enough.");

    public static readonly Counter<long> InFlightWritesSkipped = Meter.CreateCounter<long>("widgets.reload.inflight.writes.skipped", "{reload}", "Reloads found due by the reminder that started without a state write.");

    public static readonly Counter<long> InheritedReloadsRestarted = Meter.CreateCounter<long>("widgets.reload.inherited.restarted", "{reload}", "Reloads found in flight by a new activation (their silo died or their shard moved) and started again.");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("widgets.coalescer.batch.size", "{widget}", "Widgets per provider call (the coalescing ratio).");

    public static readonly Histogram<double> QueueDelay = Meter.CreateHistogram<double>("widgets.coalescer.queue.delay", "s", "Time a reload waited in the coalescer before its provider call.");

    public static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>("widgets.coalescer.queue.depth", "{reload}", "Reloads waiting in coalescers.");

    public static readonly Counter<long> AppRequests = Meter.CreateCounter<long>("widgets.app.reload.requests", "{request}", "Reloads requested by app servers, by scope.");

    public static readonly Counter<long> FanOuts = Meter.CreateCounter<long>("widgets.app.reload.fanouts", "{fanout}", "App-server reload fan-outs a kind index partition started, by kind and whether resumed after a restart or failure.");

    public static readonly Counter<long> FanOutWidgets = Meter.CreateCounter<long>("widgets.app.reload.fanout.widgets", "{widget}", "Widgets that accepted an app-server reload from a partition's fan-out.");
}
