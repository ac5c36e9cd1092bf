using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime.Messaging;
using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Messaging;

/// <summary>A client outside the cluster calls through a gateway silo and moves to another when it goes away.</summary>
public sealed class GatewayClientTests : IAsyncLifetime
{
    private StaticTestCluster _cluster = null!;
    private GatewayClient _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await StaticTestCluster.StartAsync(3);
        _client = new GatewayClient(_cluster.Silos.Take(2).Select(s => StaticTestCluster.EndpointOf(s)).Select(e => new DnsEndPoint(e.Host, e.Port)));
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private IRemoteGrain Grain(int shard, string name)
        => GrainProxyRegistry.GetFactory<IRemoteGrain>()(new GrainId(GrainTypeOf(), StaticTestCluster.KeyIn(shard, name)), _client);

    private GrainType GrainTypeOf() => ((GrainReference)_cluster.Silos[0].GrainFactory.GetGrain<IRemoteGrain>("x")).GrainId.Type;

    private string SiloId(int silo) => _cluster.Silos[silo].Services.GetRequiredService<ISiloStatus>().SiloId;

    [Fact]
    public async Task Calls_reach_grains_on_every_silo_through_one_gateway()
    {
        for (var shard = 0; shard < 3; shard++)
        {
            Assert.Equal(SiloId(shard), await Grain(shard, "via-gateway").WhereAmI());
        }

        await Assert.ThrowsAsync<KeyNotFoundException>(() => Grain(2, "via-gateway").Fail("key", "missing"));
    }

    [Fact]
    public async Task When_the_gateway_goes_away_calls_in_flight_fail_and_later_calls_use_the_next_gateway()
    {
        Assert.Equal(SiloId(2), await Grain(2, "before").WhereAmI());
        Assert.Equal(StaticTestCluster.EndpointOf(_cluster.Silos[0]).Port, _client.CurrentGateway?.Port);

        var gate = "gateway-" + Guid.NewGuid().ToString("N");
        var inFlight = Grain(2, gate).Block(gate);
        await Eventually.TrueAsync(() => RemoteGrain.Entered.ContainsKey(gate), "the call reached its grain");

        await _cluster.Silos[0].Services.GetRequiredService<ClusterTransport>().DisposeAsync();

        // Not idempotent and already sent: it may have run, so it is not resent.
        await Assert.ThrowsAsync<SiloUnavailableException>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(SiloId(2), await Grain(2, "after").WhereAmI());
        Assert.Equal(SiloId(1), await Grain(1, "after").WhereAmIAgain());
        Assert.Equal(StaticTestCluster.EndpointOf(_cluster.Silos[1]).Port, _client.CurrentGateway?.Port);
        RemoteGrain.Gates.GetOrAdd(gate, _ => new TaskCompletionSource<int>()).TrySetResult(0);
    }

    [Fact]
    public async Task A_grain_serving_a_call_passes_the_callers_deadline_on_to_the_calls_it_makes()
    {
        // The silos wait 30 s for a response; the client only 1 s. The grain's call to another silo keeps the 1 s.
        var gateway = StaticTestCluster.EndpointOf(_cluster.Silos[0]);
        await using var hurried = new GatewayClient([new DnsEndPoint(gateway.Host, gateway.Port)], new GatewayClientOptions { ResponseTimeout = TimeSpan.FromSeconds(1) });
        var gate = "deadline-" + Guid.NewGuid().ToString("N");
        var caller = GrainProxyRegistry.GetFactory<IRemoteGrain>()(new GrainId(GrainTypeOf(), StaticTestCluster.KeyIn(0, gate)), hurried);

        await Assert.ThrowsAsync<TimeoutException>(() => caller.CallBlocked(StaticTestCluster.KeyIn(1, gate), gate).WaitAsync(TimeSpan.FromSeconds(20)));
        await Eventually.TrueAsync(() => RemoteGrain.Outcomes.TryGetValue(gate, out var outcome) && outcome == nameof(TimeoutException), "the inner call timed out with the caller's deadline");
        RemoteGrain.Gates.GetOrAdd(gate, _ => new TaskCompletionSource<int>()).TrySetResult(0);
    }

    [Fact]
    public async Task No_reachable_gateway_fails_the_call_fast()
    {
        await using var client = new GatewayClient([new DnsEndPoint("127.0.0.1", 1)]);
        var grain = GrainProxyRegistry.GetFactory<IRemoteGrain>()(new GrainId(GrainTypeOf(), "nowhere"), client);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.WhereAmI().WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
