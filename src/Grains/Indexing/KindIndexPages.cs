using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Indexing;

/// <summary>
/// A partition's widgets kept in pages of at most <see cref="Capacity"/> entries, each page its own state row, so
/// adding or removing a widget writes one page: registering costs the same in a partition of ten widgets as in one
/// of a million, where a partition written whole made registering N widgets cost O(N²) bytes. Pages beat the
/// alternatives here: an append log still rewrites everything at each compaction, and batching adds that arrive
/// together only divides the cost (the simulator registers in bulk, devices one at a time). A new page is counted in
/// the header before it is first written, so a crash in between leaves an empty page, never a page nobody reads.
/// Removing leaves room that the next add fills, lowest page first. Not thread-safe: used inside the grain's turns.
/// </summary>
internal sealed class KindIndexPages
{
    /// <summary>Widgets a page holds; a page of configurations stays a few kilobytes.</summary>
    public const int Capacity = 64;

    private readonly Func<int, IPersistentState<KindIndexPage>> _open;
    private readonly List<IPersistentState<KindIndexPage>> _pages = [];
    private readonly Dictionary<string, int> _pageOf = new(StringComparer.Ordinal);
    private readonly SortedSet<int> _withRoom = [];

    /// <param name="open">Creates the state row of page <c>n</c>.</param>
    public KindIndexPages(Func<int, IPersistentState<KindIndexPage>> open) => _open = open;

    /// <summary>Widgets held.</summary>
    public int Count => _pageOf.Count;

    /// <summary>Name of page <paramref name="page"/>'s state row.</summary>
    public static string StateName(int page) => "page-" + page.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads pages 0 … <paramref name="pageCount"/> − 1.</summary>
    public async Task LoadAsync(int pageCount)
    {
        var pages = Enumerable.Range(_pages.Count, pageCount - _pages.Count).Select(_open).ToList();
        await Task.WhenAll(pages.Select(p => p.ReadStateAsync()));
        foreach (var page in pages)
        {
            Append(page);
        }
    }

    /// <summary>The configuration <paramref name="widgetId"/> is held with, if held.</summary>
    public Dictionary<string, string>? Find(string widgetId)
        => _pageOf.TryGetValue(widgetId, out var page) ? _pages[page].State.Widgets[widgetId] : null;

    /// <summary>
    /// Holds <paramref name="widgetId"/> with <paramref name="configuration"/> and writes its page. When every page is
    /// full, <paramref name="countPages"/> stores the new page count before the new page is written.
    /// </summary>
    public async Task PutAsync(string widgetId, IReadOnlyDictionary<string, string> configuration, Func<int, Task> countPages)
    {
        if (!_pageOf.TryGetValue(widgetId, out var index))
        {
            if (_withRoom.Count == 0)
            {
                await countPages(_pages.Count + 1);
                await LoadAsync(_pages.Count + 1);
            }

            index = _withRoom.Min;
            _pageOf[widgetId] = index;
        }

        var page = _pages[index];
        page.State.Widgets[widgetId] = new Dictionary<string, string>(configuration, StringComparer.Ordinal);
        if (page.State.Widgets.Count >= Capacity)
        {
            _withRoom.Remove(index);
        }

        await page.WriteStateAsync();
    }

    /// <summary>Drops <paramref name="widgetId"/> and writes its page; false when it was not held.</summary>
    public async Task<bool> RemoveAsync(string widgetId)
    {
        if (!_pageOf.Remove(widgetId, out var index))
        {
            return false;
        }

        var page = _pages[index];
        page.State.Widgets.Remove(widgetId);
        _withRoom.Add(index);
        await page.WriteStateAsync();
        return true;
    }

    /// <summary>The widgets whose configuration holds every pair of <paramref name="match"/> (all when null), page by page.</summary>
    public List<string> Matching(IReadOnlyDictionary<string, string>? match)
    {
        var found = new List<string>();
        foreach (var page in _pages)
        {
            foreach (var (widgetId, configuration) in page.State.Widgets)
            {
                if (match is null || KindIndexGrain.Matches(configuration, match))
                {
                    found.Add(widgetId);
                }
            }
        }

        return found;
    }

    private void Append(IPersistentState<KindIndexPage> page)
    {
        var index = _pages.Count;
        _pages.Add(page);
        foreach (var widgetId in page.State.Widgets.Keys)
        {
            _pageOf[widgetId] = index;
        }

        if (page.State.Widgets.Count < Capacity)
        {
            _withRoom.Add(index);
        }
    }
}
