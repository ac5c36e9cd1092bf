using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.TestGrains;

public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly ActivationProbe _probe;
    private readonly string _activationId = Guid.NewGuid().ToString("N");
    private readonly List<int> _order = [];
    private int _value;
    private int _inside;
    private int _maxInside;

    public CounterGrain(ActivationProbe probe) => _probe = probe;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _probe.Record($"activate:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probe.Record($"deactivate:{GetPrimaryKeyString()}:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task<int> Add(int amount) => Task.FromResult(_value += amount);

    public ValueTask<int> AddValue(int amount) => ValueTask.FromResult(_value += amount);

    public Task<int> Get() => Task.FromResult(_value);

    public Task<string> GetActivationId() => Task.FromResult(_activationId);

    public Task Throw(string message) => throw new ArgumentException(message);

    public async Task<int> AddSlowly(int amount, int yields)
    {
        _maxInside = Math.Max(_maxInside, Interlocked.Increment(ref _inside));
        var before = _value;
        for (var i = 0; i < yields; i++)
        {
            await Task.Yield();
        }

        _value = before + amount;
        Interlocked.Decrement(ref _inside);
        return _value;
    }

    public Task<int> MaxConcurrency() => Task.FromResult(_maxInside);

    public Task Record(int index)
    {
        _order.Add(index);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<int>> Order() => Task.FromResult<IReadOnlyList<int>>(_order.ToArray());

    public Task Hang() => new TaskCompletionSource().Task;

    public Task<int> Peek() => Task.FromResult(_value);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
