using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>Counts the partitions' fan-out metrics.</summary>
internal sealed class FanOutListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _resumed;
    private long _reached;

    public FanOutListener(string kind)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Orleans.Widgets.Reloads" && instrument.Name.StartsWith("widgets.app.reload.fanout", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var ofKind = false;
            foreach (var tag in tags)
            {
                ofKind |= tag is { Key: "widgets.kind" } && Equals(tag.Value, kind);
            }

            if (!ofKind)
            {
                return;
            }

            if (instrument.Name == "widgets.app.reload.fanout.widgets")
            {
                Interlocked.Add(ref _reached, value);
            }
            else
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "widgets.reload.fanout", Value: "resumed" })
                    {
                        Interlocked.Add(ref _resumed, value);
                    }
                }
            }
        });
        _listener.Start();
    }

    public long Resumed => Interlocked.Read(ref _resumed);

    public long Reached => Interlocked.Read(ref _reached);

    public void Dispose() => _listener.Dispose();
}
