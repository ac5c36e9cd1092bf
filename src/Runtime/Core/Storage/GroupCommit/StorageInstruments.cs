using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Runtime.Storage.GroupCommit;

/// <summary>The storage layer's meter, instruments and activity source.</summary>
internal static class StorageInstruments
{
    public const string Name = "Orleans.Widgets.Storage";

    public const string OperationTag = "store.operation";

    public const string BatchSizeTag = "store.batch.size";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "widgets.storage.batch.size",
        unit: "{operation}",
        description: "Operations flushed together in one storage transaction.");

    public static readonly Histogram<double> FlushDuration = Meter.CreateHistogram<double>(
        "widgets.storage.flush.duration",
        unit: "s",
        description: "Time to flush one batch to the store, commit included.");
}
