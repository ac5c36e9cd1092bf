using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Catalog;

public sealed class GrainCallTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task First_call_activates_and_later_calls_reach_the_same_activation()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("a");
        Assert.Equal(2, await grain.Add(2));
        Assert.Equal(5, await _silo.GrainFactory.GetGrain<ICounterGrain>("a").Add(3));
        Assert.Equal(5, await grain.AddValue(0));
        Assert.Equal(1, _silo.Probe.Count("activate:a"));
    }

    [Fact]
    public async Task Concurrent_first_calls_create_one_activation()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => _silo.GrainFactory.GetGrain<ICounterGrain>("one").GetActivationId())));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, _silo.Probe.Count("activate:one"));
    }

    [Fact]
    public async Task A_call_that_finds_an_activation_before_its_creator_starts_it_does_not_start_a_second_one()
    {
        // The window is between publishing the activation and starting it: many fresh keys, each raced by a few callers.
        const int keys = 2000;
        await Parallel.ForEachAsync(Enumerable.Range(0, keys), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, _) =>
        {
            var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _silo.GrainFactory.GetGrain<ICounterGrain>($"race-{key:D4}").GetActivationId())));
            Assert.Single(ids.Distinct());
        });
        for (var key = 0; key < keys; key++)
        {
            Assert.Equal(1, _silo.Probe.Count($"activate:race-{key:D4}"));
        }
    }

    [Fact]
    public async Task Calls_run_one_at_a_time_in_arrival_order()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("turns");
        var adds = Enumerable.Range(0, 200).Select(_ => grain.AddSlowly(1, yields: 3)).ToArray();
        await Task.WhenAll(adds);
        Assert.Equal(200, await grain.Get());
        Assert.Equal(1, await grain.MaxConcurrency());

        var records = Enumerable.Range(0, 500).Select(grain.Record).ToArray();
        await Task.WhenAll(records);
        Assert.Equal(Enumerable.Range(0, 500), await grain.Order());
    }

    [Fact]
    public async Task Callee_exception_reaches_caller_with_type_and_message()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("throws");
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => grain.Throw("the widget is broken"));
        Assert.Equal("the widget is broken", ex.Message);
        Assert.Equal(1, await grain.Add(1));
    }

    [Fact]
    public async Task DeactivateOnIdle_gives_the_next_call_a_new_activation()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("bye");
        var first = await grain.GetActivationId();
        await grain.Add(7);
        await grain.Deactivate();
        await Eventually.TrueAsync(() => _silo.Probe.Count("deactivate:bye:ApplicationRequested") == 1, "deactivation");
        Assert.NotEqual(first, await grain.GetActivationId());
        Assert.Equal(0, await grain.Get());
    }

    [Fact]
    public async Task Calls_queued_behind_a_deactivation_go_to_the_next_activation()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("queued");
        await grain.Add(1);
        var deactivate = grain.Deactivate();
        var following = Enumerable.Range(0, 50).Select(_ => grain.Add(1)).ToArray();
        await deactivate;
        var results = await Task.WhenAll(following);
        Assert.Equal(50, results.Length);
        Assert.InRange(await grain.Get(), 1, 51);
    }

    [Fact]
    public async Task AlwaysInterleave_calls_run_while_a_turn_is_in_progress()
    {
        var grain = _silo.GrainFactory.GetGrain<ICounterGrain>("interleave");
        await grain.Add(4);
        var hung = grain.Hang();
        var queued = grain.Get();
        Assert.Equal(4, await grain.Peek().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(queued.IsCompleted);
    }

    [Fact]
    public void Unknown_interface_and_empty_key_are_refused()
    {
        Assert.Throws<ArgumentException>(() => _silo.GrainFactory.GetGrain<IUnimplementedGrain>("x"));
        Assert.Throws<ArgumentException>(() => _silo.GrainFactory.GetGrain<ICounterGrain>(""));
    }
}

public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task Ping();
}

public interface IBrokenGrain : IGrainWithStringKey
{
    Task Ping();
}

public sealed class BrokenGrain : Grain, IBrokenGrain
{
    public BrokenGrain() => throw new InvalidOperationException("cannot construct");

    public Task Ping() => Task.CompletedTask;
}

public sealed class ActivationFailureTests : IAsyncLifetime
{
    private Orleans.Widgets.Runtime.Tests.TestInfrastructure.TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await Orleans.Widgets.Runtime.Tests.TestInfrastructure.TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_grain_that_cannot_activate_fails_each_call_with_the_reason()
    {
        var grain = _silo.GrainFactory.GetGrain<IBrokenGrain>("x");
        for (var i = 0; i < 3; i++)
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());
            Assert.Equal("cannot construct", ex.Message);
        }
    }
}
