namespace Orleans.Widgets.Benchmarks.Grains;

/// <summary>A trivial grain: no state, one call that returns at once.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);
}
