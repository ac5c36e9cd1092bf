using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime.Messaging;
using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Messaging;

/// <summary>Three silos over real TCP on 127.0.0.1; silo i holds the shards s with s % 3 == i.</summary>
public sealed class CrossSiloCallTests : IAsyncLifetime
{
    private StaticTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await StaticTestCluster.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IGrainFactory Factory(int silo) => _cluster.Silos[silo].GrainFactory;

    private string SiloId(int silo) => _cluster.Silos[silo].Services.GetRequiredService<ISiloStatus>().SiloId;

    [Fact]
    public async Task A_call_runs_on_the_silo_that_holds_the_grains_shard()
    {
        for (var shard = 0; shard < StaticTestCluster.ShardCount; shard++)
        {
            var where = await Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(shard, "where")).WhereAmI();
            Assert.Equal(SiloId(shard % 3), where);
        }
    }

    [Fact]
    public async Task Arguments_and_results_cross_with_their_values()
    {
        var grain = Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(1, "values"));
        Assert.Equal(-(1 + 2 + 0.5 + 7 + 1000), await grain.Sum(1, 2, 0.5, negate: true, Guid.NewGuid(), 7));
        Assert.Equal("héllo", await grain.EchoText("héllo"));
        Assert.Null(await grain.EchoText(null));
        Assert.Equal([0, 1, 2, 3], await grain.Range(4));

        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));
        using var extra = JsonDocument.Parse("""{"nested":[1,"two",null]}""");
        var echoed = await grain.Echo(new RemotePayload("n", at, Shade.Dark, null, new() { ["a"] = 1.5 }, extra.RootElement));
        Assert.Equal("n", echoed.Name);
        Assert.Equal(at, echoed.At);
        Assert.Equal(at.Offset, echoed.At.Offset);
        Assert.Equal(Shade.Dark, echoed.Shade);
        Assert.Null(echoed.Count);
        Assert.Equal(1.5, echoed.Scores["a"]);
        Assert.Equal("two", echoed.Extra.GetProperty("nested")[1].GetString());

        await grain.Touch(CancellationToken.None);
    }

    [Theory]
    [InlineData("argument", typeof(ArgumentException))]
    [InlineData("key", typeof(KeyNotFoundException))]
    [InlineData("invalid", typeof(InvalidOperationException))]
    [InlineData("timeout", typeof(TimeoutException))]
    public async Task Well_known_exceptions_come_back_as_their_own_type(string kind, Type expected)
    {
        var grain = Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(2, "errors"));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => grain.Fail(kind, "went wrong: " + kind));
        Assert.Equal(expected, error.GetType());
        Assert.Equal("went wrong: " + kind, error.Message);
    }

    [Fact]
    public async Task Other_exceptions_come_back_as_remote_grain_exceptions_naming_the_type()
    {
        var grain = Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(2, "errors"));
        var error = await Assert.ThrowsAsync<RemoteGrainException>(() => grain.Fail("format", "bad format"));
        Assert.Equal("System.FormatException", error.OriginalTypeName);
        Assert.Equal("bad format", error.Message);

        // The grain is still there and answers.
        Assert.Equal(SiloId(2), await grain.WhereAmI());
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled_for_the_caller()
    {
        var grain = Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(1, "cancel"));
        var call = grain.Cancelled();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(call.IsCanceled);
    }

    [Fact]
    public async Task A_grain_calling_a_grain_of_another_silo_is_forwarded_too()
    {
        var grain = Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(3, "caller"));
        Assert.Equal(SiloId(2), await grain.CallOther(StaticTestCluster.KeyIn(5, "callee")));
    }

    [Fact]
    public async Task Not_the_owner_refreshes_the_directory_and_retries_at_the_new_owner()
    {
        // Callers believe silo 2 holds shard 4; the table (read on refresh) says silo 1, which does.
        _cluster.Directory.Publish(4, StaticTestCluster.EndpointOf(_cluster.Silos[2]));
        _cluster.Directory.Assign(4, StaticTestCluster.EndpointOf(_cluster.Silos[1]));
        var before = _cluster.Directory.Refreshes;

        var where = await Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(4, "moved")).WhereAmI();

        Assert.Equal(SiloId(1), where);
        Assert.True(_cluster.Directory.Refreshes > before);
    }

    [Fact]
    public async Task A_connection_to_another_silo_than_the_directory_names_is_noticed_by_its_handshake()
    {
        // The directory names a silo that restarted: same address, new id. The handshake tells them apart.
        var holder = StaticTestCluster.EndpointOf(_cluster.Silos[1]);
        _cluster.Directory.Publish(4, holder with { SiloId = holder.SiloId + "-before-restart" });
        _cluster.Directory.Assign(4, holder);
        var before = _cluster.Directory.Refreshes;

        Assert.Equal(SiloId(1), await Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(4, "restarted")).WhereAmI());
        Assert.True(_cluster.Directory.Refreshes > before);
    }

    [Fact]
    public async Task A_shard_nobody_admits_to_fails_after_bounded_retries()
    {
        _cluster.Directory.Publish(7, StaticTestCluster.EndpointOf(_cluster.Silos[2]));
        var before = _cluster.Directory.Refreshes;
        try
        {
            var error = await Assert.ThrowsAsync<ShardUnavailableException>(
                () => Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(7, "lost")).WhereAmI());
            Assert.Equal(7, error.Shard);
            Assert.Equal(RemoteCallRouter.MaxAttempts - 1, _cluster.Directory.Refreshes - before);
        }
        finally
        {
            _cluster.Directory.Publish(7, StaticTestCluster.EndpointOf(_cluster.Silos[1]));
        }
    }

    [Fact]
    public async Task The_callee_silos_span_continues_the_callers_trace()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = static source => source.Name == "Orleans.Widgets.Runtime",
            Sample = static (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var key = StaticTestCluster.KeyIn(1, "traced-" + Guid.NewGuid().ToString("N"));

        System.Diagnostics.ActivityTraceId trace;
        using (var root = new System.Diagnostics.Activity("test").Start())
        {
            trace = root.TraceId;
            await Factory(0).GetGrain<IRemoteGrain>(key).WhereAmI();
        }

        await Eventually.TrueAsync(() => spans.Any(s => s.Kind == System.Diagnostics.ActivityKind.Server && s.TraceId == trace), "the server span ended");
        var client = spans.Single(s => s.Kind == System.Diagnostics.ActivityKind.Client && s.TraceId == trace);
        var server = spans.Single(s => s.Kind == System.Diagnostics.ActivityKind.Server && s.TraceId == trace);
        Assert.EndsWith("WhereAmI", server.DisplayName, StringComparison.Ordinal);
        Assert.Equal(client.TraceId, server.TraceId);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.Equal("orleans.widgets", server.GetTagItem("rpc.system.name"));
    }

    [Fact]
    public async Task Many_concurrent_calls_share_frames_in_each_socket_write()
    {
        var largest = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "widgets.messaging.batch.size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => InterlockedMax(ref largest, value));
        listener.Start();

        var calls = Enumerable.Range(0, 2000)
            .Select(i => Factory(0).GetGrain<IRemoteGrain>(StaticTestCluster.KeyIn(1 + (3 * (i % 2)), "many-" + (i % 50))).Sum(i, 0, 0, false, Guid.Empty, 0))
            .ToArray();
        var sums = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (double)i), sums);
        Assert.True(largest > 1, $"the largest batch had {largest} frames");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }
}
