using System.Collections.Concurrent;

namespace Orleans.Widgets.Runtime.Tests.TestInfrastructure;

/// <summary>Records lifecycle events of test grains, shared through DI.</summary>
public sealed class ActivationProbe
{
    public ConcurrentQueue<string> Events { get; } = new();

    public int Count(string prefix) => Events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    public void Record(string value) => Events.Enqueue(value);
}
