using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Membership;

public sealed class MembershipSettingsTests
{
    [Fact]
    public void Cluster_settings_are_checked_and_each_failure_names_its_setting()
    {
        var validator = new RuntimeOptionsValidator();
        Assert.True(validator.Validate(null, new ClusterOptions()).Succeeded);

        var result = validator.Validate(null, new ClusterOptions
        {
            Host = " ",
            Port = 70_000,
            HeartbeatPeriod = TimeSpan.FromSeconds(5),
            DeathTimeout = TimeSpan.FromSeconds(9),
        });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.StartsWith("Widgets:Cluster:Host", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Widgets:Cluster:Port", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Widgets:Cluster:DeathTimeout", StringComparison.Ordinal));
        Assert.Contains(
            "must be positive",
            validator.Validate(null, new ClusterOptions { HeartbeatPeriod = TimeSpan.Zero }).FailureMessage,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clustered_silo_refuses_a_sqlite_store()
    {
        await using var storage = SiloStorage.Sqlite();
        var settings = new Dictionary<string, string?>(storage.Settings) { ["Widgets:Cluster:Enabled"] = "true" };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.StartAsync(settings: settings));

        Assert.Contains("Widgets:Storage:Provider=Postgres", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_port_a_transport_sets_before_the_silo_starts_is_the_one_registered_and_it_is_frozen_after()
    {
        await using var cluster = new TestCluster();
        var silo = await cluster.StartSiloAsync("a", services => services.AddHostedService<PortSetter>());

        var row = Assert.Single(await cluster.ReadSilosAsync());
        Assert.Equal(PortSetter.Port, row.Port);
        Assert.Equal("127.0.0.1", row.Host);
        await silo.Directory.RefreshAsync(CancellationToken.None);
        Assert.True(silo.Directory.TryGetOwner(0, out var owner, out _));
        Assert.Equal(PortSetter.Port, owner.Port);
        Assert.Throws<InvalidOperationException>(() => silo.Local.SetPort(PortSetter.Port + 1));
        Assert.Equal(PortSetter.Port, silo.Local.Port);
    }

    /// <summary>Stands in for the transport: it learns its port when it starts listening, before the silo starts.</summary>
    private sealed class PortSetter(LocalSilo local) : IHostedService
    {
        public const int Port = 41_234;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            local.SetPort(Port);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
