namespace Orleans.Widgets.Grains.Indexing;

/// <summary>
/// Silo-local receipts for app-server reloads: a kind index partition waits for each widget it fanned a reload out
/// to until that widget has durably taken it, and only then forgets the request. A partition and its widgets share
/// a shard, so they run on the same silo; a receipt that never comes (a crash, a shard moved, a failed write) leaves
/// the request stored, and the partition delivers it again.
/// </summary>
public interface IAppReloadReceipts
{
    /// <summary>
    /// Starts waiting for <paramref name="widgetIds"/> of <paramref name="partition"/> to confirm <paramref name="reloadId"/>.
    /// <paramref name="onAllConfirmed"/> runs once, on the thread of the last confirmation.
    /// </summary>
    AppReloadWait Expect(string partition, string reloadId, IEnumerable<string> widgetIds, Action onAllConfirmed);

    /// <summary>
    /// <paramref name="widgetId"/> has durably taken <paramref name="reloadId"/>: a state write holding the id (and the
    /// reload it started, deferred or merged) succeeded, or there was nothing to take. Unknown waits are ignored.
    /// </summary>
    void Confirm(string partition, string reloadId, string widgetId);

    /// <summary>Stops <paramref name="wait"/> (its fan-out failed or is started again); later confirmations for it are ignored.</summary>
    void Abandon(AppReloadWait wait);
}
