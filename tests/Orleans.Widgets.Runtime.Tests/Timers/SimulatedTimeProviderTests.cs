namespace Orleans.Widgets.Runtime.Tests.Timers;

public sealed class SimulatedTimeProviderTests
{
    [Fact]
    public void Timers_fire_in_due_order_each_at_its_own_time()
    {
        var clock = FakeClock.Create();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var b = clock.CreateTimer(_ => fired.Add(("b", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        using var a = clock.CreateTimer(_ => fired.Add(("a", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
        clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal([("a", TimeSpan.FromSeconds(10)), ("b", TimeSpan.FromSeconds(20)), ("a", TimeSpan.FromSeconds(25)), ("a", TimeSpan.FromSeconds(40))], fired);
        Assert.Equal(start + TimeSpan.FromSeconds(41), clock.GetUtcNow());
    }

    [Fact]
    public async Task AdvanceAsync_settles_after_each_firing_and_runs_timers_armed_while_settling()
    {
        var clock = FakeClock.Create();
        var start = clock.GetUtcNow();
        var log = new List<string>();
        ITimer? chained = null;
        using var first = clock.CreateTimer(
            _ =>
            {
                log.Add("first");
                chained = clock.CreateTimer(_ => log.Add($"chained at {(clock.GetUtcNow() - start).TotalSeconds}"), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(10),
            Timeout.InfiniteTimeSpan);
        await clock.AdvanceAsync(TimeSpan.FromSeconds(30), () =>
        {
            log.Add("settle");
            return Task.CompletedTask;
        });
        Assert.Equal(["first", "settle", "chained at 15", "settle", "settle"], log);
        chained?.Dispose();
    }

    [Fact]
    public void Disposed_and_changed_timers_behave()
    {
        var clock = FakeClock.Create();
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, count);
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, count);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, count);
    }
}
