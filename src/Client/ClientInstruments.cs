using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Client;

/// <summary>The client's OpenTelemetry sources: meter and activity source <c>Orleans.Widgets.Client</c>.</summary>
internal static class ClientInstruments
{
    public const string Name = "Orleans.Widgets.Client";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Attempts after the first, by why the previous one failed.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("widgets.client.retries", description: "Requests sent again after a failed attempt.");

    /// <summary>Requests that failed after every attempt.</summary>
    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("widgets.client.failures", description: "Requests that failed on every attempt.");
}
