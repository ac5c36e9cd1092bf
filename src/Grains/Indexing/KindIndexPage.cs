namespace Orleans.Widgets.Grains.Indexing;

/// <summary>One page of a partition: at most <see cref="KindIndexPages.Capacity"/> widgets with their configurations.</summary>
public sealed class KindIndexPage
{
    public Dictionary<string, Dictionary<string, string>> Widgets { get; set; } = new(StringComparer.Ordinal);
}
