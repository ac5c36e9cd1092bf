namespace Orleans.Widgets.Grains.Indexing;

/// <summary>One partition's wait for its widgets to confirm one app-server reload (<see cref="IAppReloadReceipts"/>).</summary>
public sealed class AppReloadWait
{
    private readonly HashSet<string> _remaining;
    private readonly Action _onAllConfirmed;

    internal AppReloadWait(string partition, string reloadId, IEnumerable<string> widgetIds, DateTimeOffset startedAt, Action onAllConfirmed)
    {
        Partition = partition;
        ReloadId = reloadId;
        StartedAt = startedAt;
        _remaining = new HashSet<string>(widgetIds, StringComparer.Ordinal);
        _onAllConfirmed = onAllConfirmed;
    }

    /// <summary>The partition's key.</summary>
    public string Partition { get; }

    /// <summary>The app server's reload id.</summary>
    public string ReloadId { get; }

    /// <summary>When the partition started this wait.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Widgets that have not confirmed yet.</summary>
    public int Remaining
    {
        get
        {
            lock (_remaining)
            {
                return _remaining.Count;
            }
        }
    }

    /// <summary>Counts <paramref name="widgetId"/> as confirmed; the confirmation that completes the wait ends it.</summary>
    internal void Confirm(string widgetId)
    {
        lock (_remaining)
        {
            if (!_remaining.Remove(widgetId) || _remaining.Count > 0)
            {
                return;
            }
        }

        _onAllConfirmed();
    }
}
