using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Runtime.Messaging;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Testing;

namespace Orleans.Widgets.Runtime.Tests.TestInfrastructure;

/// <summary>
/// Several silos in this process, each on its own memory store and listening on 127.0.0.1 with a free port. Silo i
/// holds the shards s with s % count == i (see <see cref="ShardHandoff"/>). One static directory maps every shard to its holder.
/// </summary>
internal sealed class StaticTestCluster : IAsyncDisposable
{
    public const int ShardCount = 8;

    private StaticTestCluster(List<TestSilo> silos, StaticShardDirectory directory)
    {
        Silos = silos;
        Directory = directory;
    }

    public List<TestSilo> Silos { get; }

    public StaticShardDirectory Directory { get; }

    public static async Task<StaticTestCluster> StartAsync(int count, IDictionary<string, string?>? settings = null)
    {
        var directory = new StaticShardDirectory();
        var silos = new List<TestSilo>();
        var values = new Dictionary<string, string?>
        {
            ["Widgets:Storage:ShardCount"] = ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Widgets:Cluster:Enabled"] = "true",
            ["Widgets:Cluster:Host"] = "127.0.0.1",
            ["Widgets:Cluster:Port"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        for (var i = 0; i < count; i++)
        {
            // Silo ids are name@start-millisecond-pid: silos of one process started within a millisecond need distinct names.
            values["Widgets:Silo:Name"] = "silo" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var silo = await TestSilo.StartAsync(settings: values, services: s => s
                .AddSingleton<IShardDirectory>(directory)
                .AddSingleton(ShardHandoff.SharedMemoryStore));
            silos.Add(silo);
            await ShardHandoff.KeepOnlyAsync(silo.Runtime, shard => shard % count == i);
        }

        if (silos.Select(s => EndpointOf(s).SiloId).Distinct().Count() != count)
        {
            throw new InvalidOperationException("Two test silos got the same silo id.");
        }

        for (var shard = 0; shard < ShardCount; shard++)
        {
            directory.Publish(shard, EndpointOf(silos[shard % count]));
        }

        return new StaticTestCluster(silos, directory);
    }

    public static SiloEndpoint EndpointOf(TestSilo silo) => silo.Services.GetRequiredService<ClusterTransport>().Endpoint!;

    /// <summary>A key whose grain lives in <paramref name="shard"/>.</summary>
    public static string KeyIn(int shard, string rest) => ShardMap.ExplicitKey(shard, rest);

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }
}
