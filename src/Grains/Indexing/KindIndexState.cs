namespace Orleans.Widgets.Grains.Indexing;

/// <summary>A partition's small header row: how many pages hold its widgets, and the app-server reloads not yet fanned out.</summary>
public sealed class KindIndexState
{
    /// <summary>
    /// Every widget in one row, as partitions were stored before they had pages; read once at activation, moved into
    /// pages and emptied.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Widgets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Pages written so far (<see cref="KindIndexPage"/> rows <c>page-0</c> … <c>page-(n-1)</c>).</summary>
    public int PageCount { get; set; }

    /// <summary>Reloads acknowledged whose fan-out has not finished yet, oldest first.</summary>
    public List<PendingFanOut> FanOuts { get; set; } = [];
}
