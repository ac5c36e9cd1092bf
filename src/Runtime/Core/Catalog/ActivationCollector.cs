using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime.Configuration;

namespace Orleans.Widgets.Runtime.Catalog;

/// <summary>
/// Deactivates activations idle longer than the collection age. Time is counted in quanta: each turn stamps the
/// current quantum number, which costs a field read instead of a clock read on the call path.
/// </summary>
internal sealed class ActivationCollector : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly int _ageQuanta;
    private ITimer? _timer;
    private int _currentQuantum = 1;
    private Func<IEnumerable<ActivationData>>? _activations;

    public ActivationCollector(IOptions<GrainCollectionOptions> options, TimeProvider time)
    {
        _time = time;
        Quantum = options.Value.CollectionQuantum;
        _ageQuanta = Math.Max(1, (int)Math.Ceiling(options.Value.CollectionAge / Quantum));
    }

    public TimeSpan Quantum { get; }

    public int CurrentQuantum => Volatile.Read(ref _currentQuantum);

    public void Start(Func<IEnumerable<ActivationData>> activations)
    {
        _activations = activations;
        _timer = _time.CreateTimer(static s => ((ActivationCollector)s!).Collect(), this, Quantum, Quantum);
    }

    /// <summary>Advances one quantum and deactivates what has been idle long enough. Returns how many.</summary>
    public int Collect()
    {
        var current = Interlocked.Increment(ref _currentQuantum);
        var collected = 0;
        if (_activations is null)
        {
            return 0;
        }

        foreach (var activation in _activations())
        {
            if (activation.TryCollect(current, _ageQuanta))
            {
                collected++;
            }
        }

        return collected;
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }
}
