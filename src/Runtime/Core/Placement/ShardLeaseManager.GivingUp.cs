using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Placement;

// Giving shards up: handing back beyond the fair share, dropping everything when declared dead, losing leases.
internal sealed partial class ShardLeaseManager
{
    /// <summary>
    /// Hands shards back gracefully: stops using them at once, then, beside the renewal rounds (draining may take
    /// longer than a lease lasts), waits for their activations to deactivate and their writes to land, and expires
    /// the rows so a silo under its share takes them at once instead of waiting for expiry.
    /// </summary>
    private void HandBack(IReadOnlyList<int> shards, int fairShare)
    {
        var leases = Drop(shards);
        if (leases.Count == 0)
        {
            return;
        }

        RuntimeInstruments.ShardsHandedBack.Add(leases.Count);
        LogHandingBack(leases.Count, fairShare);
        var handBack = ReleaseHandedBackAsync(leases);
        lock (_lock)
        {
            _handBacks = Task.WhenAll(_handBacks, handBack);
        }
    }

    private async Task ReleaseHandedBackAsync(IReadOnlyList<ShardLease> leases)
    {
        try
        {
            await DrainAndReleaseAsync(leases, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(ex);
        }
    }

    /// <summary>Completes when every hand-back started so far has released its leases (or given up).</summary>
    public Task WhenHandedBackAsync()
    {
        lock (_lock)
        {
            return _handBacks;
        }
    }

    /// <summary>
    /// Stops serving every shard (this silo was declared dead): drops every lease locally, so activations go and
    /// reminders leave memory, then releases what is still held. Rounds stay suspended until <see cref="ResumeAsync"/>.
    /// </summary>
    public async Task DropAllAsync(string reason)
    {
        _suspended = true;
        await _tickGate.WaitAsync();
        try
        {
            await DropAllCoreAsync(reason);
        }
        finally
        {
            _tickGate.Release();
        }
    }

    private async Task DropAllCoreAsync(string reason)
    {
        _unbalancedReason = reason;
        var leases = Drop(HeldShards().ToList());
        if (leases.Count == 0)
        {
            return;
        }

        RuntimeInstruments.ShardsLost.Add(leases.Count);
        LogLost(leases.Count, reason);
        try
        {
            await DrainAndReleaseAsync(leases, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The rows expire on their own; the writes they fence were refused or landed before a takeover.
            LogReleaseFailed(ex);
        }
    }

    /// <summary>Lets renewal rounds run again (after the silo rejoined as a new incarnation) and runs one now.</summary>
    public Task ResumeAsync()
    {
        _suspended = false;
        return RenewAsync();
    }

    private async Task DrainAndReleaseAsync(IReadOnlyList<ShardLease> leases, CancellationToken cancellationToken)
    {
        if (DrainShards is { } drain)
        {
            await drain(leases.Select(l => l.Shard).ToList());
        }

        // Conditional on (owner, epoch): a lease another silo took meanwhile is left alone.
        await _store.Leases.ReleaseAsync(leases[0].Owner, leases, cancellationToken);
    }

    /// <summary>Forgets the given shards locally and raises <see cref="ShardsLost"/>; returns the leases that were held.</summary>
    private List<ShardLease> Drop(IReadOnlyCollection<int> shards)
    {
        var dropped = new List<ShardLease>(shards.Count);
        lock (_lock)
        {
            foreach (var shard in shards)
            {
                if (_held.Remove(shard, out var lease))
                {
                    dropped.Add(lease);
                    Volatile.Write(ref _epochs[shard], 0);
                }
            }
        }

        if (dropped.Count > 0)
        {
            ShardsLost?.Invoke(dropped.Select(l => l.Shard).ToList());
        }

        return dropped;
    }

    private void Lose(List<int> shards, string reason)
    {
        var lost = Drop(shards);
        if (lost.Count == 0)
        {
            return;
        }

        RuntimeInstruments.ShardsLost.Add(lost.Count);
        LogLost(lost.Count, reason);
    }
}
