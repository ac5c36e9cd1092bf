using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.CodeGenerator.Tests.TestGrains;

public sealed class TestState
{
    public int Value { get; set; }
}

/// <summary>Registered by the generated module initializer; never activated by these tests.</summary>
public sealed class TestGrain(
    [PersistentState("test", RemoveRemindersOnClear = true)] IPersistentState<TestState> state,
    IGrainContext context,
    TimeProvider time) : Grain, ITestGrain, IRemindable
{
    public Task<string> EchoAsync(string text, int times) => Task.FromResult(string.Concat(Enumerable.Repeat(text, times)));

    public Task PingAsync() => Task.CompletedTask;

    public ValueTask<int> AddAsync(int left, int right) => ValueTask.FromResult(left + right + state.State.Value);

    public ValueTask TouchAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public override string ToString() => $"{context.GrainId} at {time.GetUtcNow()}";
}

[GrainType("named-test")]
public sealed class NamedTestGrain : Grain, ITestGrain
{
    public Task<string> EchoAsync(string text, int times) => Task.FromResult(text);

    public Task PingAsync() => Task.CompletedTask;

    public ValueTask<int> AddAsync(int left, int right) => ValueTask.FromResult(left + right);

    public ValueTask TouchAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
