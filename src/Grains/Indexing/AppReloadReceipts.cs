using System.Collections.Concurrent;

namespace Orleans.Widgets.Grains.Indexing;

/// <summary>The silo's <see cref="IAppReloadReceipts"/>: waits in memory, keyed by partition and reload id.</summary>
public sealed class AppReloadReceipts : IAppReloadReceipts
{
    private readonly ConcurrentDictionary<(string Partition, string ReloadId), AppReloadWait> _waits = new();
    private readonly TimeProvider _time;

    public AppReloadReceipts(TimeProvider time) => _time = time;

    /// <summary>Waits in progress (for diagnostics and tests).</summary>
    public int Count => _waits.Count;

    public AppReloadWait Expect(string partition, string reloadId, IEnumerable<string> widgetIds, Action onAllConfirmed)
    {
        ArgumentNullException.ThrowIfNull(onAllConfirmed);
        var key = (partition, reloadId);
        AppReloadWait? wait = null;
        wait = new AppReloadWait(partition, reloadId, widgetIds, _time.GetUtcNow(), () =>
        {
            _waits.TryRemove(new KeyValuePair<(string, string), AppReloadWait>(key, wait!));
            onAllConfirmed();
        });
        _waits[key] = wait;
        return wait;
    }

    public void Confirm(string partition, string reloadId, string widgetId)
    {
        if (_waits.TryGetValue((partition, reloadId), out var wait))
        {
            wait.Confirm(widgetId);
        }
    }

    public void Abandon(AppReloadWait wait)
    {
        ArgumentNullException.ThrowIfNull(wait);
        _waits.TryRemove(new KeyValuePair<(string, string), AppReloadWait>((wait.Partition, wait.ReloadId), wait));
    }
}
