using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using Orleans.Widgets.Client;
using Orleans.Widgets.Silo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Widgets.Silo.Tests.Cluster;

/// <summary>
/// Counted reloads across a SIGKILL: an app server reloads one group of widgets after another through the client while
/// a silo dies with reloads in flight. Every widget is reached by exactly one app-server reload, so each must end with
/// exactly two counted reloads in its rolling window (the first timeline and that reload): one more is a budget count
/// applied twice, one fewer an acknowledged reload lost.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class WidgetFailoverTests(ITestOutputHelper output)
{
    private const string App = "failover";
    private const string Kind = "scores";
    private const int Groups = 16;
    private const int WidgetsPerGroup = 24;
    private const int KillAfterGroup = 4;

    [Fact]
    public async Task A_silo_killed_with_reloads_in_flight_loses_no_acknowledged_reload_and_counts_none_twice()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        // Slow enough that reloads are waiting for their answer when the silo dies.
        await using var provider = await TimelineServer.StartAsync(TimeSpan.FromMilliseconds(400));
        await using var cluster = await SiloCluster.StartAsync(database.ConnectionString);
        var apiKey = await CreateAppAsync(cluster[0].Http, provider.Url);
        using (var fast = await cluster[0].Http.PostAsync($"/test/apps/{App}/kinds/{Kind}/min-reload-interval/1", null))
        {
            fast.EnsureSuccessStatusCode();
        }

        using var client = new WidgetCenterClient(cluster.Addresses, App, apiKey, new WidgetCenterClientOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(15),
            MaxAttempts = 12,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        });
        var widgets = Enumerable.Range(0, Groups * WidgetsPerGroup).Select(i => (Id: $"w{i}", Group: i % Groups)).ToList();
        await Parallel.ForEachAsync(widgets, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (widget, token) =>
            await client.RegisterWidgetAsync(widget.Id, Kind, "systemSmall", $"device{widget.Group}", Group(widget.Group), token));
        await cluster.WaitForAsync(
            async () => (await StatusesAsync(client, widgets)).All(s => s.LastReload is not null),
            "every widget's first timeline applied");

        // One group at a time: each widget is asked for by exactly one app-server reload.
        var acknowledged = new ConcurrentDictionary<int, int>();
        var refused = new ConcurrentQueue<string>();
        const int victim = 2;
        var killedAt = DateTime.MaxValue;
        for (var group = 0; group < Groups; group++)
        {
            if (group == KillAfterGroup)
            {
                cluster[victim].Kill();
                killedAt = DateTime.UtcNow;
            }

            try
            {
                acknowledged[group] = (await client.ReloadTimelinesAsync(Kind, Group(group))).Widgets;
            }
            catch (Exception exception) when (exception is WidgetsApiException or HttpRequestException or TaskCanceledException)
            {
                // Sent and not answered: the client does not resend a reload, so this group may or may not reload.
                refused.Enqueue($"group {group}: {exception.Message}");
            }

            await Task.Delay(250);
        }

        Assert.True(acknowledged.Count >= Groups - 2, $"only {acknowledged.Count} of {Groups} reloads acknowledged:\n{string.Join('\n', refused)}");
        Assert.All(acknowledged, a => Assert.Equal(WidgetsPerGroup, a.Value));

        var survivors = new WidgetCenterClient(cluster.Addresses.Take(2).ToList(), App, apiKey, new WidgetCenterClientOptions { AttemptTimeout = TimeSpan.FromSeconds(15), MaxAttempts = 6 });
        using (survivors)
        {
            await cluster.WaitForAsync(
                async () => (await StatusesAsync(survivors, widgets.Where(w => acknowledged.ContainsKey(w.Group)).ToList()))
                    .All(s => s.LastReload?.Reason == "appRequested" && s.Pending is null && s.NextReloadAt is null),
                "every acknowledged reload applied",
                TimeSpan.FromMinutes(3));

            var statuses = await StatusesAsync(survivors, widgets);
            var counted = statuses.ToDictionary(s => s.WidgetId, s => s.Budget.Limit - s.Budget.Remaining);
            var twice = statuses.Where(s => counted[s.WidgetId] > 2).Select(s => $"{s.WidgetId}: {counted[s.WidgetId]}").ToList();
            Assert.True(twice.Count == 0, $"budget counted twice: {string.Join(", ", twice)}");
            var lost = widgets.Where(w => acknowledged.ContainsKey(w.Group) && counted[w.Id] != 2).Select(w => $"{w.Id}: {counted[w.Id]}").ToList();
            Assert.True(lost.Count == 0, $"acknowledged reloads not counted: {string.Join(", ", lost)}");
            Assert.All(statuses, s => Assert.Null(s.LastError));

            // The kill cut reloads off mid-way: widgets asked for before it whose timeline the provider gave only after
            // another silo took their shard over.
            var earlyGroups = widgets.Where(w => w.Group < KillAfterGroup).Select(w => w.Id).ToHashSet();
            var recovered = provider.Requests.Where(r => earlyGroups.Contains(r.WidgetId) && r.Reason == "appRequested" && r.At > killedAt + SiloCluster.LeaseDuration)
                .Select(r => r.WidgetId).Distinct().Count();
            output.WriteLine($"{acknowledged.Count} of {Groups} reloads acknowledged; {recovered} widgets reloaded by the silos that took over");
        }
    }

    private static Dictionary<string, string> Group(int group) => new() { ["group"] = group.ToString(CultureInfo.InvariantCulture) };

    private static async Task<List<WidgetStatus>> StatusesAsync(WidgetCenterClient client, IReadOnlyList<(string Id, int Group)> widgets)
    {
        var statuses = new ConcurrentBag<WidgetStatus>();
        await Parallel.ForEachAsync(widgets, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (widget, token) =>
            statuses.Add(await client.GetWidgetAsync(widget.Id, token) ?? throw new InvalidOperationException($"{widget.Id} is gone")));
        return statuses.ToList();
    }

    private static Task<string> CreateAppAsync(HttpClient http, Uri provider)
        => SiloCluster.CreateAppAsync(http, App, JsonContent.Create(new { kinds = new[] { new { kind = Kind, provider = new { url = provider.ToString() }, coalesceWindowSeconds = 1 } } }));
}
