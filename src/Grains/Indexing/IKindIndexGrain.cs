namespace Orleans.Widgets.Grains.Indexing;

/// <summary>
/// The instances of one kind in one shard with their configurations, living in that shard so a fleet-wide reload
/// fans out locally. Key: <see cref="Widgets.WidgetKeys.Partition"/>.
/// </summary>
public interface IKindIndexGrain : IGrainWithStringKey
{
    Task Add(string widgetId, IReadOnlyDictionary<string, string> configuration);

    Task Remove(string widgetId);

    /// <summary>Asks every instance (or those whose configuration contains all of <paramref name="match"/>) to reload. Returns how many.</summary>
    Task<int> Reload(IReadOnlyDictionary<string, string>? match);
}
