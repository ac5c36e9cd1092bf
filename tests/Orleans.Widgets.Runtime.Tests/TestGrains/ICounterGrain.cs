namespace Orleans.Widgets.Runtime.Tests.TestGrains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> Get();

    Task<string> GetActivationId();

    Task Throw(string message);

    Task<int> AddSlowly(int amount, int yields);

    Task<int> MaxConcurrency();

    Task<IReadOnlyList<int>> Order();

    Task Record(int index);

    Task Hang();

    [AlwaysInterleave]
    Task<int> Peek();

    Task Deactivate();

    ValueTask<int> AddValue(int amount);
}
