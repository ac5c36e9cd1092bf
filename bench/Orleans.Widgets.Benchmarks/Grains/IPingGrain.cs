namespace Orleans.Widgets.Benchmarks.Grains;

/// <summary>A trivial grain: no state, one call that returns at once.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);

    /// <summary>Yields once before returning, so the call completes asynchronously (queued continuation, response timeout armed).</summary>
    Task<int> PingYield(int value);
}
