using System.Collections.Concurrent;
using System.Net.Http.Json;
using Orleans.Widgets.Client;
using Orleans.Widgets.Silo.Tests.Infrastructure;

namespace Orleans.Widgets.Silo.Tests.Cluster;

/// <summary>Every silo of a three-silo cluster restarted in turn while an app server works through the client.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class RollingRestartTests
{
    private const string App = "rolling";
    private const string Kind = "scores";
    private const int Widgets = 24;

    [Fact]
    public async Task A_rolling_restart_of_every_silo_fails_no_client_call_and_loses_no_reminder()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = await SiloCluster.StartAsync(database.ConnectionString);
        var apiKey = await CreateAppAsync(cluster[0].Http);
        var reminders = Enumerable.Range(0, 6).Select(i => $"reminder-{i}").ToList();
        foreach (var reminder in reminders)
        {
            await Probes.StartReminderAsync(cluster[0].Http, reminder, periodSeconds: 1);
        }

        using var client = new WidgetCenterClient(cluster.Addresses, App, apiKey, new WidgetCenterClientOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(15),
            MaxAttempts = 12,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        });
        for (var i = 0; i < Widgets; i++)
        {
            await client.RegisterWidgetAsync($"w{i}", Kind, "systemSmall", $"device{i % 4}", new Dictionary<string, string> { ["team"] = $"t{i % 3}" });
        }

        var failures = new ConcurrentQueue<string>();
        var calls = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                var widget = $"w{random.Next(Widgets)}";
                try
                {
                    switch (random.Next(4))
                    {
                        case 0:
                            Assert.NotNull(await client.GetWidgetAsync(widget));
                            break;
                        case 1:
                            await client.PostWidgetEventAsync(widget, random.Next(2) == 0 ? WidgetEventType.Visible : WidgetEventType.Hidden);
                            break;
                        case 2:
                            Assert.Contains(await client.GetCurrentConfigurationsAsync($"device{random.Next(4)}"), c => c.Kind == Kind);
                            break;
                        default:
                            await client.RegisterWidgetAsync(widget, Kind, "systemSmall", $"device{int.Parse(widget[1..], System.Globalization.CultureInfo.InvariantCulture) % 4}", new Dictionary<string, string> { ["team"] = $"t{random.Next(3)}" });
                            break;
                    }

                    Interlocked.Increment(ref calls);
                }
                catch (Exception exception)
                {
                    failures.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {exception.GetType().Name}: {exception.Message}");
                }

                await Task.Delay(10);
            }
        })).ToArray();

        for (var i = 0; i < cluster.Count; i++)
        {
            var callsBefore = Volatile.Read(ref calls);
            await cluster.RestartAsync(i);
            await cluster.WaitForAsync(() => Task.FromResult(Volatile.Read(ref calls) >= callsBefore + 50), $"client calls go on after silo{i} restarted");
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {calls} client calls failed:\n{string.Join('\n', failures.Take(20))}");

        foreach (var reminder in reminders)
        {
            var ticks = await Probes.TickCountAsync(cluster[0].Http, reminder);
            await cluster.WaitForAsync(async () => await Probes.TickCountAsync(cluster[0].Http, reminder) >= ticks + 2, $"{reminder} fires after the rolling restart", TimeSpan.FromSeconds(30));
        }
    }

    // Nothing listens on port 9: reloads fail and are retried, which keeps the widgets busy but changes no answer here.
    private static Task<string> CreateAppAsync(HttpClient http)
        => SiloCluster.CreateAppAsync(http, App, JsonContent.Create(new { kinds = new[] { new { kind = Kind, provider = new { url = "http://127.0.0.1:9/timelines" } } } }));
}
