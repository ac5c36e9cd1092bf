using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Runtime.Messaging;
using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Messaging;

/// <summary>A peer's listener closes while calls to it wait: they fail at once, and later calls fail fast too.</summary>
public sealed class PeerLossTests : IAsyncLifetime
{
    private StaticTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await StaticTestCluster.StartAsync(2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Pending_calls_fail_as_soon_as_the_peer_goes_away()
    {
        var gate = "peer-loss-" + Guid.NewGuid().ToString("N");
        var grain = _cluster.Silos[0].GrainFactory.GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(1, gate));
        var calls = Enumerable.Range(0, 5).Select(_ => grain.Block(gate)).ToArray();
        await Eventually.TrueAsync(() => RemoteGrain.Entered.TryGetValue(gate, out var n) && n >= 1, "the first call reached the grain");

        await _cluster.Silos[1].Services.GetRequiredService<ClusterTransport>().DisposeAsync();

        // The response timeout is 30 s: only the connection's loss can end these calls within the wait.
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Contains("lost", error.Message, StringComparison.Ordinal);
        }

        // Nobody listens any more: a new call fails fast instead of waiting for the timeout.
        var next = _cluster.Silos[0].GrainFactory.GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(3, "after")).WhereAmI();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_call_the_peer_never_answers_fails_at_the_response_timeout()
    {
        await using var cluster = await StaticTestCluster.StartAsync(2, new Dictionary<string, string?> { ["Widgets:Messaging:ResponseTimeout"] = "00:00:00.500" });
        var gate = "silent-" + Guid.NewGuid().ToString("N");
        var call = cluster.Silos[0].GrainFactory.GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(1, gate)).Block(gate);
        await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        RemoteGrain.Gates.GetOrAdd(gate, _ => new TaskCompletionSource<int>()).TrySetResult(0);
    }
}
