namespace Orleans.Widgets.Grains.Indexing;

/// <summary>
/// The instances of one kind in one shard with their configurations, living in that shard so a fleet-wide reload
/// fans out locally. Key: <see cref="Widgets.WidgetKeys.Partition"/>.
/// </summary>
public interface IKindIndexGrain : IGrainWithStringKey
{
    Task Add(string widgetId, IReadOnlyDictionary<string, string> configuration);

    Task Remove(string widgetId);

    /// <summary>
    /// Asks every instance (or those whose configuration contains all of <paramref name="match"/>) to reload, as the
    /// app server's reload <paramref name="reloadId"/>. The request is stored before this returns and fanned out from
    /// there, so a crash does not lose it; asking again with the same id starts nothing new. Returns how many widgets.
    /// </summary>
    Task<int> Reload(string reloadId, IReadOnlyDictionary<string, string>? match);

    /// <summary>
    /// Marks the fan-out of <paramref name="reloadId"/> done: every widget has durably taken it (its receipts came). Called by
    /// the partition's own fan-out.
    /// </summary>
    Task CompleteFanOut(string reloadId);
}
