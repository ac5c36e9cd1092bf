using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Runtime.Tests.TestInfrastructure;

/// <summary>Sums the measurements of one counter of the runtime's meters while it lives.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public MetricRecorder(string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Name == instrument && i.Meter.Name.StartsWith("Orleans.Widgets.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
