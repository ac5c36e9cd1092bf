using System.Collections.Concurrent;
using System.Net;
using Orleans.Widgets.Silo.Tests.Infrastructure;

namespace Orleans.Widgets.Silo.Tests;

/// <summary>Kills a silo with SIGKILL in the middle of a burst of writes and checks what it acknowledged after a restart.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class CrashRecoveryTests
{
    private const int States = 200;
    private const int Reminders = 20;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan TickTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Acknowledged_writes_and_reminders_survive_a_kill_on_sqlite()
    {
        using var data = new TempDirectory();
        await KillAndRestartAsync(port => [$"--Widgets:Port={port}", $"--Widgets:Storage:DataDirectory={data.Path}"]);
    }

    [Fact]
    public async Task Acknowledged_writes_and_reminders_survive_a_kill_on_postgres()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        string[] storage =
        [
            "--Widgets:Storage:Provider=Postgres", $"--Widgets:Storage:ConnectionString={database.ConnectionString}",
            "--Widgets:Storage:AutoMigrate=true",
            // The killed silo's leases must expire before the restarted one (a new owner) can take them.
            "--Widgets:Leases:LeaseDuration=00:00:06", "--Widgets:Leases:RenewPeriod=00:00:02",
        ];
        await KillAndRestartAsync(port => [$"--Widgets:Port={port}", .. storage]);
    }

    private static async Task KillAndRestartAsync(Func<int, string[]> arguments)
    {
        var acknowledgedStates = new ConcurrentDictionary<string, string>();
        var acknowledgedReminders = new ConcurrentBag<string>();
        var failuresBeforeKill = new ConcurrentBag<string>();
        var killed = 0;

        var firstPort = FreePort.Next();
        await using (var silo = SiloProcess.Start(SiloExecutables.TestSilo, firstPort, arguments(firstPort)))
        {
            await silo.WaitForReadyAsync(ReadyTimeout);

            // Reminders first in line, then the state writes; all in flight together. The silo dies when half the writes are acknowledged.
            var requests = Enumerable.Range(0, Reminders).Select(i => (Kind: "reminder", Key: $"reminder-{i}", Value: ""))
                .Concat(Enumerable.Range(0, States).Select(i => (Kind: "state", Key: $"state-{i}", Value: $"value-{i}")))
                .ToList();
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (request, ct) =>
            {
                var path = request.Kind == "reminder"
                    ? $"/test/reminder/{request.Key}?dueSeconds=2&periodSeconds=2"
                    : $"/test/state/{request.Key}/{request.Value}";
                try
                {
                    using var response = await silo.Http.PostAsync(path, content: null, ct);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        if (Volatile.Read(ref killed) == 0)
                        {
                            failuresBeforeKill.Add($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                        }

                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (Volatile.Read(ref killed) == 0)
                    {
                        failuresBeforeKill.Add($"{path}: {e.Message}");
                    }

                    return;
                }

                if (request.Kind == "reminder")
                {
                    acknowledgedReminders.Add(request.Key);
                }
                else if (acknowledgedStates.TryAdd(request.Key, request.Value) && acknowledgedStates.Count >= States / 2
                    && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    silo.Kill();
                }
            });

            if (Interlocked.Exchange(ref killed, 1) == 0)
            {
                silo.Kill();
            }

            await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(failuresBeforeKill.IsEmpty, "Requests failed before the kill:\n" + string.Join('\n', failuresBeforeKill) + "\nOutput:\n" + silo.Output);
        }

        Assert.NotEmpty(acknowledgedReminders);
        Assert.True(acknowledgedStates.Count >= States / 2);

        var secondPort = FreePort.Next();
        await using var restarted = SiloProcess.Start(SiloExecutables.TestSilo, secondPort, arguments(secondPort));
        await restarted.WaitForReadyAsync(ReadyTimeout);

        // Every acknowledged write is there. A server error means the shard is not served yet (its lease is still
        // the dead silo's); ask again until the deadline. Not found or another value means the write was lost.
        var lost = new ConcurrentBag<string>();
        var readDeadline = DateTime.UtcNow + TickTimeout;
        await Parallel.ForEachAsync(acknowledgedStates, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (state, ct) =>
        {
            string body;
            while (true)
            {
                using var response = await restarted.Http.GetAsync($"/test/state/{state.Key}", ct);
                body = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(ct) : $"HTTP {(int)response.StatusCode}";
                if ((int)response.StatusCode < 500 || DateTime.UtcNow > readDeadline)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }

            if (body != state.Value)
            {
                lost.Add($"{state.Key}: expected {state.Value}, found {body}");
            }
        });
        Assert.True(lost.IsEmpty, $"{lost.Count} of {acknowledgedStates.Count} acknowledged writes were lost:\n{string.Join('\n', lost.Take(20))}");

        // Every acknowledged reminder fires in the restarted silo.
        var deadline = DateTime.UtcNow + TickTimeout;
        var waiting = acknowledgedReminders.ToHashSet();
        while (waiting.Count > 0)
        {
            foreach (var key in waiting.ToList())
            {
                using var response = await restarted.Http.GetAsync($"/test/ticks/{key}");
                var ticks = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
                if (ticks.Split('\n', StringSplitOptions.RemoveEmptyEntries).Contains(restarted.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    waiting.Remove(key);
                }
            }

            if (waiting.Count > 0)
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"{waiting.Count} of {acknowledgedReminders.Count} reminders did not fire within {TickTimeout} after the restart: {string.Join(", ", waiting.Order())}\nOutput:\n{restarted.Output}");
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }

        restarted.Terminate();
        Assert.Equal(0, await restarted.WaitForExitAsync(TimeSpan.FromSeconds(45)));
    }
}
