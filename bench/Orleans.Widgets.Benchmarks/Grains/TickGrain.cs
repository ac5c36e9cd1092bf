namespace Orleans.Widgets.Benchmarks.Grains;

[GrainType("tick")]
public sealed class TickGrain : Grain, ITickGrain, IRemindable
{
    public Task Touch() => Task.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        TickStats.Record(status);
        return Task.CompletedTask;
    }
}
