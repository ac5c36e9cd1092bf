namespace Orleans.Widgets.CodeGenerator.Tests.TestGrains;

/// <summary>A plain implementation of <see cref="ITestGrain"/> that records the arguments it receives.</summary>
public sealed class FakeTestGrain : ITestGrain, IRemindable
{
    public List<string> Calls { get; } = [];

    public Task<string> EchoAsync(string text, int times)
    {
        Calls.Add($"Echo({text},{times})");
        return Task.FromResult(string.Concat(Enumerable.Repeat(text, times)));
    }

    public Task PingAsync()
    {
        Calls.Add("Ping()");
        return Task.CompletedTask;
    }

    public ValueTask<int> AddAsync(int left, int right)
    {
        Calls.Add($"Add({left},{right})");
        return ValueTask.FromResult(left + right);
    }

    public ValueTask TouchAsync(CancellationToken cancellationToken)
    {
        Calls.Add($"Touch({cancellationToken.CanBeCanceled})");
        return ValueTask.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Calls.Add($"Reminder({reminderName})");
        return Task.CompletedTask;
    }
}
