namespace Orleans.Widgets.Grains.Indexing;

/// <summary>The instances of one kind in one shard, with their configurations.</summary>
public sealed class KindIndexState
{
    public Dictionary<string, Dictionary<string, string>> Widgets { get; set; } = new(StringComparer.Ordinal);
}
