using System.Diagnostics;
using System.Globalization;
using Orleans.Widgets.Silo.Tests.Infrastructure;

namespace Orleans.Widgets.Silo.Tests.Cluster;

/// <summary>
/// Three silo processes on one PostgreSQL database under steady load through the REST API: a silo killed, a silo
/// paused past its lease, and the database restarted. Nothing acknowledged may be lost and no stale silo may write.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ClusterFaultTests
{
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_killed_silos_shards_are_served_again_within_the_lease_time_and_nothing_acknowledged_is_lost()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = await SiloCluster.StartAsync(database.ConnectionString);
        const int victim = 2;
        var survivor = cluster[0].Http;
        var victimKeys = await Probes.KeysOwnedByAsync(survivor, cluster[victim].Id, 8, "moved");
        var reminders = Enumerable.Range(0, 9).Select(i => $"reminder-{i}").ToList();
        foreach (var reminder in reminders)
        {
            await Probes.StartReminderAsync(survivor, reminder, periodSeconds: 1);
        }

        await using var load = ProbeLoad.Start(cluster.Addresses);
        await cluster.WaitForAsync(() => Task.FromResult(load.Acknowledged.Count >= 200), "200 writes acknowledged before the kill");

        cluster[victim].Kill();
        var sinceKill = Stopwatch.StartNew();
        await cluster.WaitForAsync(
            async () =>
            {
                foreach (var key in victimKeys)
                {
                    using var response = await survivor.PostAsync($"/test/state/{key}/after-kill", null);
                    if (!response.IsSuccessStatusCode)
                    {
                        return false;
                    }
                }

                return true;
            },
            "the killed silo's shards served again",
            SiloCluster.LeaseDuration + Detection + TimeSpan.FromSeconds(30));
        var failover = sinceKill.Elapsed;
        Assert.True(failover <= SiloCluster.LeaseDuration + Detection, $"shards served again after {failover.TotalSeconds:0.0} s (lease {SiloCluster.LeaseDuration.TotalSeconds} s + {Detection.TotalSeconds} s)");

        var acknowledgedAtKill = load.Acknowledged.Count;
        await cluster.WaitForAsync(() => Task.FromResult(load.Acknowledged.Count >= acknowledgedAtKill + 200), "200 more writes acknowledged after the failover");
        await load.StopAsync();

        Assert.Empty(await load.FindLostAsync(cluster.Addresses.Take(2).ToList()));
        foreach (var key in victimKeys)
        {
            Assert.Equal("after-kill", await Probes.GetAsync(survivor, key));
        }

        await RemindersKeepFiringAsync(cluster, survivor, reminders);
    }

    [Fact]
    public async Task A_silo_paused_past_its_lease_is_fenced_off_drops_its_activations_and_the_new_owners_data_stays()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = await SiloCluster.StartAsync(database.ConnectionString);
        const int victim = 1;
        var survivor = cluster[0].Http;
        var paused = cluster[victim];
        var keys = await Probes.KeysOwnedByAsync(survivor, paused.Id, 6, "paused");
        foreach (var key in keys)
        {
            await Probes.SetAsync(survivor, key, "before");

            // The activation on the paused silo keeps writing on a timer; after the pause every write must be refused.
            using var writing = await survivor.PostAsync($"/test/writing/{key}", null);
            writing.EnsureSuccessStatusCode();
        }

        await Signal(paused.Id, "STOP");
        try
        {
            await cluster.WaitForAsync(
                async () => (await cluster.OwnersAsync()) is var owners && owners.Values.Sum() == SiloCluster.ShardCount
                    && !owners.Keys.Any(o => o.StartsWith(SiloCluster.OwnerPrefix(victim), StringComparison.Ordinal)),
                "the paused silo's shards taken by the others");
            foreach (var key in keys)
            {
                await Probes.SetAsync(survivor, key, "after");
            }
        }
        finally
        {
            await Signal(paused.Id, "CONT");
        }

        await cluster.WaitForAsync(
            () => Task.FromResult(paused.Output.Contains("Lost ", StringComparison.Ordinal) || paused.Output.Contains("declared dead by the cluster", StringComparison.Ordinal)),
            "the paused silo notices it lost its leases");
        await cluster.WaitForAsync(() => Task.FromResult(paused.Output.Contains("fenced off", StringComparison.Ordinal)), "the paused silo's writes refused by fencing", TimeSpan.FromSeconds(20));

        // Long enough for every stale timer to have fired many times over.
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var key in keys)
        {
            Assert.Equal("after", await Probes.GetAsync(survivor, key));
        }

        Assert.False(paused.HasExited, paused.Output);
        await paused.WaitForReadyAsync(SiloCluster.ReadyTimeout);
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_load_loses_nothing_acknowledged_and_the_silos_reconnect()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        await using var cluster = await SiloCluster.StartAsync(server.ConnectionString);
        var first = cluster[0].Http;
        var reminders = Enumerable.Range(0, 6).Select(i => $"reminder-{i}").ToList();
        foreach (var reminder in reminders)
        {
            await Probes.StartReminderAsync(first, reminder, periodSeconds: 1);
        }

        await using var load = ProbeLoad.Start(cluster.Addresses);
        await cluster.WaitForAsync(() => Task.FromResult(load.Acknowledged.Count >= 200), "200 writes acknowledged before the restart");

        await server.RestartAsync();
        var failuresAtRestart = load.Failures;
        var acknowledgedAtRestart = load.Acknowledged.Count;
        await cluster.WaitForAsync(() => Task.FromResult(load.Acknowledged.Count >= acknowledgedAtRestart + 300), "300 writes acknowledged after the restart", TimeSpan.FromSeconds(90));
        await load.StopAsync();

        for (var i = 0; i < cluster.Count; i++)
        {
            Assert.False(cluster[i].HasExited, cluster[i].Output);
            await cluster[i].WaitForReadyAsync(SiloCluster.ReadyTimeout);
        }

        Assert.Empty(await load.FindLostAsync(cluster.Addresses));
        await RemindersKeepFiringAsync(cluster, first, reminders);
        Assert.True(load.Failures >= failuresAtRestart);
    }

    private static async Task RemindersKeepFiringAsync(SiloCluster cluster, HttpClient http, List<string> reminders)
    {
        var before = new Dictionary<string, int>();
        foreach (var reminder in reminders)
        {
            before[reminder] = await Probes.TickCountAsync(http, reminder);
        }

        foreach (var reminder in reminders)
        {
            await cluster.WaitForAsync(async () => await Probes.TickCountAsync(http, reminder) >= before[reminder] + 2, $"{reminder} fires again", TimeSpan.FromSeconds(30));
        }
    }

    private static async Task Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
