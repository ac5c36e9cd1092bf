using System.Collections.Concurrent;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Catalog;

/// <summary>
/// The silo's activations: at most one per grain id. Creates an activation on first call for a grain of a shard
/// this silo holds, under that shard's current lease epoch.
/// </summary>
internal sealed class ActivationDirectory
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly SiloRuntime _runtime;
    private volatile bool _stopping;

    public ActivationDirectory(SiloRuntime runtime) => _runtime = runtime;

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> Activations => _activations.Values;

    public ActivationData GetOrCreate(GrainId id)
    {
        if (_activations.TryGetValue(id, out var existing))
        {
            return existing;
        }

        if (_stopping)
        {
            throw new InvalidOperationException($"The silo is shutting down; {id} cannot be activated.");
        }

        if (!_runtime.GrainTypes.TryGetClass(id.Type, out var grainClass))
        {
            throw new ArgumentException($"Unknown grain type '{id.Type}' in {id}.", nameof(id));
        }

        var leases = _runtime.Leases;
        var shard = leases.Map.GetShard(id);
        if (!leases.TryGetEpoch(shard, out var epoch))
        {
            throw new ShardUnavailableException(id, shard);
        }

        var created = new ActivationData(id, grainClass, new ShardFence(shard, epoch), _runtime);
        var activation = _activations.GetOrAdd(id, created);
        if (ReferenceEquals(activation, created))
        {
            created.Start();
        }

        return activation;
    }

    public bool TryGet(GrainId id, out ActivationData activation) => _activations.TryGetValue(id, out activation!);

    public void Remove(ActivationData activation)
        => _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Deactivates every activation of the given shards (their lease moved).</summary>
    public void DeactivateShards(IReadOnlyCollection<int> shards)
    {
        var set = shards.ToHashSet();
        var reason = new DeactivationReason(DeactivationReasonCode.ShardLost, "This silo no longer holds the grain's shard.");
        foreach (var activation in _activations.Values)
        {
            if (set.Contains(activation.Fence.Shard))
            {
                activation.Deactivate(reason);
            }
        }
    }

    /// <summary>
    /// Completes when every activation of the given shards has deactivated (their final writes are durable by then),
    /// or after <paramref name="timeout"/>. New activations of those shards cannot start once the lease is dropped.
    /// </summary>
    public async Task WhenShardsDeactivatedAsync(IReadOnlyCollection<int> shards, TimeSpan timeout)
    {
        var set = shards.ToHashSet();
        var waits = _activations.Values.Where(a => set.Contains(a.Fence.Shard)).Select(a => a.Deactivated).ToList();
        try
        {
            await Task.WhenAll(waits).WaitAsync(timeout, _runtime.Time);
        }
        catch (TimeoutException)
        {
            // A turn that never ends must not keep the shard from its next holder; fencing refuses its late writes.
            _runtime.LogDrainTimedOut(waits.Count(w => !w.IsCompleted));
        }
    }

    /// <summary>Stops new activations and deactivates every activation, waiting for them up to the timeout.</summary>
    public async Task DeactivateAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _stopping = true;
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down.");
        var waits = new List<Task>(_activations.Count);
        foreach (var activation in _activations.Values)
        {
            activation.Deactivate(reason);
            waits.Add(activation.Deactivated);
        }

        try
        {
            await Task.WhenAll(waits).WaitAsync(timeout, _runtime.Time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // A turn that never ends must not stop the silo from flushing and handing its leases back.
            _runtime.LogShutdownTimedOut(_activations.Count);
        }
    }
}
