using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>The sessions' ActivitySource and Meter (both <see cref="Name"/>) and instruments. Tags stay low-cardinality.</summary>
internal static class SessionInstruments
{
    public const string Name = "Orleans.Widgets.Sessions";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Tasks = Meter.CreateCounter<long>("widgets.session.tasks", "{task}", "Session tasks that ended, by outcome (finished, failed).");

    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>("widgets.session.download.attempts", "{attempt}", "Download attempts, by outcome (succeeded, transient, permanent, refused).");

    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>("widgets.session.download.bytes", "By", "Content bytes downloaded by finished attempts.");

    public static readonly Counter<long> Refused = Meter.CreateCounter<long>("widgets.session.downloads.refused", "{download}", "Downloads refused by the address, scheme or host rules, by where (added, connect, redirect).");

    public static readonly Counter<long> Events = Meter.CreateCounter<long>("widgets.session.events", "{event}", "Session events delivered to handlers, by type and outcome (delivered, failed).");

    public static readonly Histogram<double> DownloadDuration = Meter.CreateHistogram<double>("widgets.session.download.duration", "s", "Duration of download attempts.");
}
