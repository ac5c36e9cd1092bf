namespace Orleans.Widgets.Benchmarks.Grains;

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);

    public async Task<int> PingYield(int value)
    {
        await Task.Yield();
        return value + 1;
    }
}
