using System.Diagnostics.Metrics;
using Orleans.Widgets.Runtime.Storage.GroupCommit;

namespace Orleans.Widgets.Benchmarks;

/// <summary>Listens to the storage meter: flushes, operations flushed and time spent flushing, per operation kind.</summary>
internal sealed class FlushStats : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _operation;
    private long _flushes;
    private long _operations;
    private long _flushMicroseconds;
    private long _smallFlushes;

    public FlushStats(string operation)
    {
        _operation = operation;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageInstruments.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (Matches(tags) && instrument.Name == "widgets.storage.batch.size")
            {
                Interlocked.Increment(ref _flushes);
                Interlocked.Add(ref _operations, value);
                if (value <= 4)
                {
                    Interlocked.Increment(ref _smallFlushes);
                }
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (Matches(tags) && instrument.Name == "widgets.storage.flush.duration")
            {
                Interlocked.Add(ref _flushMicroseconds, (long)(value * 1e6));
            }
        });
        _listener.Start();
    }

    public (long Flushes, long Operations, long FlushMicroseconds, long Small) Read()
        => (Interlocked.Read(ref _flushes), Interlocked.Read(ref _operations), Interlocked.Read(ref _flushMicroseconds), Interlocked.Read(ref _smallFlushes));

    /// <summary>Describes what happened since <paramref name="before"/>.</summary>
    public string Since((long Flushes, long Operations, long FlushMicroseconds, long Small) before)
    {
        var now = Read();
        var flushes = Math.Max(1, now.Flushes - before.Flushes);
        return $"{now.Flushes - before.Flushes:N0} {_operation} flushes, {(now.Operations - before.Operations) / (double)flushes:F1} operations each, " +
            $"{(now.FlushMicroseconds - before.FlushMicroseconds) / 1000.0 / flushes:F2} ms each, {now.Small - before.Small:N0} of at most 4 operations";
    }

    public void Dispose() => _listener.Dispose();

    private bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == StorageInstruments.OperationTag)
            {
                return string.Equals(tag.Value as string, _operation, StringComparison.Ordinal);
            }
        }

        return false;
    }
}
