using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Runtime.Diagnostics;

/// <summary>Instruments of silo-to-silo and client-to-silo messaging, on the runtime's meter.</summary>
internal static class MessagingInstruments
{
    public static readonly Counter<long> MessagesSent = RuntimeInstruments.Meter.CreateCounter<long>("widgets.messaging.sent", "{message}", "Frames written to connections.");

    public static readonly Counter<long> MessagesReceived = RuntimeInstruments.Meter.CreateCounter<long>("widgets.messaging.received", "{message}", "Frames read from connections.");

    public static readonly Counter<long> BytesSent = RuntimeInstruments.Meter.CreateCounter<long>("widgets.messaging.sent.bytes", "By", "Bytes written to connections.");

    public static readonly Counter<long> BytesReceived = RuntimeInstruments.Meter.CreateCounter<long>("widgets.messaging.received.bytes", "By", "Bytes read from connections.");

    public static readonly Histogram<int> BatchSize = RuntimeInstruments.Meter.CreateHistogram<int>("widgets.messaging.batch.size", "{message}", "Frames per socket write.");

    public static readonly Counter<long> CallsForwarded = RuntimeInstruments.Meter.CreateCounter<long>("widgets.grain.call.forwarded", "{call}", "Grain calls sent to the silo that holds the grain's shard.");

    public static readonly Counter<long> NotOwnerRetries = RuntimeInstruments.Meter.CreateCounter<long>("widgets.grain.call.not_owner_retries", "{call}", "Calls retried after a \"not the owner\" answer or an unreachable owner.");

    public static readonly Counter<long> ConnectionEvents = RuntimeInstruments.Meter.CreateCounter<long>("widgets.messaging.connection.events", "{event}", "Connections opened, failed to open, closed or lost, by event.");
}
