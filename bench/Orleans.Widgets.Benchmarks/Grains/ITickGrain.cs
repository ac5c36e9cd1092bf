namespace Orleans.Widgets.Benchmarks.Grains;

/// <summary>The target of one reminder; records each tick in <see cref="TickStats"/>.</summary>
public interface ITickGrain : IGrainWithStringKey
{
    Task Touch();
}
