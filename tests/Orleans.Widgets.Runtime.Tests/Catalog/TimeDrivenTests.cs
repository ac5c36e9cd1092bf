using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Catalog;

public sealed class TimeDrivenTests : IAsyncLifetime
{
    private readonly SimulatedTimeProvider _time = FakeClock.Create();
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(_time, new Dictionary<string, string?>
    {
        ["Widgets:Grains:CollectionAge"] = "00:10:00",
        ["Widgets:Grains:CollectionQuantum"] = "00:01:00",
        ["Widgets:Messaging:ResponseTimeout"] = "00:00:05",
    });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_call_that_does_not_answer_times_out()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("hang");
        var hung = grain.Hang();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(hung.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => hung);
        Assert.Contains("hang", ex.Message, StringComparison.Ordinal);

        // A call queued behind the hung turn times out as well, instead of waiting forever.
        var queued = grain.Add(1);
        _time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<TimeoutException>(() => queued);
    }

    [Fact]
    public async Task Idle_activations_are_collected_after_the_collection_age()
    {
        var idle = _silo.GrainFactory.GetGrain<ICounterGrain>("idle");
        var busy = _silo.GrainFactory.GetGrain<ICounterGrain>("busy");
        await idle.Add(1);
        await busy.Add(1);
        for (var minute = 0; minute < 9; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await busy.Add(1);
        }

        Assert.Equal(0, _silo.Probe.Count("deactivate:"));
        _time.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(() => _silo.Probe.Count("deactivate:idle:ActivationIdle") == 1, "idle collection");
        Assert.Equal(0, _silo.Probe.Count("deactivate:busy"));
        Assert.Equal(0, await idle.Get());
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_and_stop_with_the_activation()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("timer");
        await grain.StartTimer(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await grain.TimerTicks());
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await Eventually.TrueAsync(() => grain.TimerTicks().Result == i + 1, $"tick {i + 1}");
        }

        await grain.Deactivate();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await grain.TimerTicks());
    }
}
