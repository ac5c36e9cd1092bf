using Npgsql;
using Orleans.Widgets.Silo.Tests.Infrastructure;

namespace Orleans.Widgets.Silo.Tests;

/// <summary>Two silo processes on one PostgreSQL database: they split the shards, one dies, one leaves.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ClusterProcessTests
{
    private const int ShardCount = 16;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan MoveTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_silos_split_the_shards_the_survivor_takes_a_killed_silos_shards_and_a_stopped_silo_leaves()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        string[] cluster =
        [
            "--cluster", "postgres", "--database", database.ConnectionString, "--Widgets:Storage:AutoMigrate=true",
            $"--Widgets:Storage:ShardCount={ShardCount}",
            "--Widgets:Cluster:HeartbeatPeriod=00:00:00.500", "--Widgets:Cluster:DeathTimeout=00:00:02",
            "--Widgets:Leases:RenewPeriod=00:00:01", "--Widgets:Leases:LeaseDuration=00:00:03",
        ];

        var firstPort = FreePort.Next();
        await using var first = SiloProcess.Start(SiloExecutables.TestSilo, firstPort, [$"--Widgets:Port={firstPort}", "--Widgets:Silo:Name=first", .. cluster]);
        await first.WaitForReadyAsync(ReadyTimeout);
        var secondPort = FreePort.Next();
        await using var second = SiloProcess.Start(SiloExecutables.TestSilo, secondPort, [$"--Widgets:Port={secondPort}", "--Widgets:Silo:Name=second", .. cluster]);
        await second.WaitForReadyAsync(ReadyTimeout);

        // Ready means each holds its share: 8 shards each, every one held.
        await WaitForAsync(database, async () => await OwnersAsync(database) is { Count: 2 } owners && owners.Values.All(n => n == ShardCount / 2), "8 shards each");
        var silos = await SilosAsync(database);
        Assert.Equal(2, silos.Count(s => s.Status == 1));

        // The status command reads the same tables.
        await using (var status = SiloProcess.Start(SiloExecutables.Silo, 0, ["status", "--cluster", "postgres", "--database", database.ConnectionString]))
        {
            Assert.Equal(0, await status.WaitForExitAsync(ReadyTimeout));
            Assert.Contains($"2 live silos, {ShardCount} shards, {ShardCount} held by a live silo", status.Output, StringComparison.Ordinal);
            Assert.Contains("Every shard is held.", status.Output, StringComparison.Ordinal);
            Assert.Equal(2, status.Output.Split('\n').Count(line => (line.StartsWith("first@", StringComparison.Ordinal) || line.StartsWith("second@", StringComparison.Ordinal)) && line.Contains(" active ", StringComparison.Ordinal)));
        }

        second.Kill();
        await WaitForAsync(database, async () => (await SilosAsync(database)).Single(s => s.Id.StartsWith("second@", StringComparison.Ordinal)).Status == 2, "second declared dead");
        await WaitForAsync(database, async () => await OwnersAsync(database) is { Count: 1 } owners && owners.Keys.Single().StartsWith("first@", StringComparison.Ordinal), "first holds every shard");
        await first.WaitForReadyAsync(ReadyTimeout);

        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync(MoveTimeout));
        Assert.Equal(3, (await SilosAsync(database)).Single(s => s.Id.StartsWith("first@", StringComparison.Ordinal)).Status);
        Assert.Empty(await OwnersAsync(database));
    }

    private static Task<Dictionary<string, int>> OwnersAsync(PostgresDatabase database) => SiloCluster.OwnersAsync(database.ConnectionString);

    private static async Task<List<(string Id, int Status)>> SilosAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT silo_id, status FROM silos", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var silos = new List<(string, int)>();
        while (await reader.ReadAsync())
        {
            silos.Add((reader.GetString(0), reader.GetInt16(1)));
        }

        return silos;
    }

    private static async Task WaitForAsync(PostgresDatabase database, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + MoveTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {MoveTimeout}: {what}. Leases: {string.Join(", ", (await OwnersAsync(database)).Select(o => $"{o.Key}={o.Value}"))}");
            }

            await Task.Delay(100);
        }
    }
}
