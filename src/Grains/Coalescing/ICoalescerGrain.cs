namespace Orleans.Widgets.Grains.Coalescing;

/// <summary>
/// Batches the due reloads of one kind in one shard into provider calls. Key: <see cref="Widgets.WidgetKeys.Partition"/>.
/// </summary>
public interface ICoalescerGrain : IGrainWithStringKey
{
    /// <summary>Queues a reload; the widget hears back through <c>ApplyProviderResult</c>. Interleaves with a running batch.</summary>
    [AlwaysInterleave]
    Task Enqueue(CoalescedReload reload);
}

/// <summary>A widget's request for a timeline, queued in a coalescer.</summary>
public sealed record CoalescedReload(
    string WidgetId,
    string Family,
    IReadOnlyDictionary<string, string> Configuration,
    Model.ReloadReason Reason,
    long ReloadSequence,
    bool Visible);
