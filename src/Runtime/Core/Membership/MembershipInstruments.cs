using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Runtime.Membership;

/// <summary>Cluster membership's ActivitySource and Meter (both named <see cref="Name"/>) and its instruments.</summary>
internal static class MembershipInstruments
{
    public const string Name = "Orleans.Widgets.Membership";

    public const string SiloTag = "widgets.silo.name";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> DeclaredDead = Meter.CreateCounter<long>(
        "widgets.membership.declared_dead", "{silo}", "Silos this silo declared dead because their heartbeat stopped.");

    public static readonly Counter<long> Evictions = Meter.CreateCounter<long>(
        "widgets.membership.evictions", "{silo}", "Times this silo found itself declared dead, stopped serving and rejoined as a new incarnation.");

    // One entry per running membership service (several silos may share a test process), keyed by the service.
    private static readonly ConcurrentDictionary<object, (string Silo, Func<int> Live)> LiveSources = new();

    static MembershipInstruments()
        => Meter.CreateObservableGauge(
            "widgets.membership.silos.live",
            () => LiveSources.Values.Select(s => new Measurement<int>(s.Live(), new KeyValuePair<string, object?>(SiloTag, s.Silo))),
            "{silo}",
            "Live (joining or active) silos in the membership table, as this silo last read it.");

    public static void ObserveLive(object source, string silo, Func<int> live) => LiveSources[source] = (silo, live);

    public static void StopObserving(object source) => LiveSources.TryRemove(source, out _);
}
