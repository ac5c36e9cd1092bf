using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Globalization;
using System.Text.Json;
using Orleans.Widgets.Silo.Tests.Api;
using Orleans.Widgets.Silo.Tests.Infrastructure;
using Orleans.Widgets.Testing;
using Xunit.Abstractions;

namespace Orleans.Widgets.Silo.Tests.Cluster;

/// <summary>
/// Background sessions across a silo failure: three silo processes on PostgreSQL, sessions whose downloads are in
/// flight on one silo when it is SIGKILLed, and an app server's callback receiving the events over HTTP.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class SessionFaultTests(ITestOutputHelper output)
{
    private const string Kind = "news";
    private const int Sessions = 3;
    private const int TasksPerSession = 4;

    /// <summary>
    /// How long the content server waits before answering a download: long enough that every task is added and the
    /// silo killed before the first download ends, even on a busy machine.
    /// </summary>
    private const int SlowMilliseconds = 6_000;

    /// <summary>Lease moved (lease + detection), the session resumed on its reminder, a slow download again, the events.</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_silo_killed_mid_download_another_resumes_every_task_and_the_handler_gets_every_event_in_order_and_one_completion()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var content = await ContentServer.StartAsync();
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var cluster = await SiloCluster.StartAsync(database.ConnectionString, 3, SiloCluster.SessionSettings);
        const int victim = 2;
        var entry = cluster[0];
        using var http = await CreateAppAsync(entry, "news-app", receiver.Url);

        // Every session lives in a shard the victim holds, so every download runs there; the leases are spread first,
        // so that no shard moves to balance them while the test runs.
        await cluster.WaitForAsync(
            async () => await cluster.OwnersAsync() is { Count: 3 } owners && owners.Values.Sum() == SiloCluster.ShardCount
                && owners.Values.All(n => n <= (SiloCluster.ShardCount + 2) / 3),
            "the leases spread over the three silos");
        var identifiers = await SessionsOwnedByAsync(cluster, entry.Http, "news-app", victim);
        var paths = new Dictionary<(string Session, string Task), string>();
        foreach (var identifier in identifiers)
        {
            using var attached = await http.PutAsync($"/v1/apps/news-app/sessions/{identifier}", ApiAssert.Json($$"""{"kind":"{{Kind}}"}"""));
            await ApiAssert.JsonAsync(attached, HttpStatusCode.Created);
            for (var t = 0; t < TasksPerSession; t++)
            {
                // A distinct size per task gives each task its own path on the content server, so its hits count apart.
                var path = $"/slow/{SlowMilliseconds}/{2048 + (paths.Count * 16)}";
                var task = $"t{t}";
                paths[(identifier, task)] = path;
                using var added = await http.PostAsync(
                    $"/v1/apps/news-app/sessions/{identifier}/tasks",
                    ApiAssert.Json($$"""{"id":"{{task}}","url":"{{content.Url(path)}}","widgets":["w-{{identifier}}-{{task}}"]}"""));
                var body = await ApiAssert.JsonAsync(added, HttpStatusCode.Accepted);
                Assert.Equal(task, body.GetProperty("taskId").GetString());
            }
        }

        await cluster.WaitForAsync(() => Task.FromResult(paths.Values.All(p => content.Hits(p) >= 1)), "every download in flight", TimeSpan.FromSeconds(20));
        Assert.Empty(receiver.Calls);
        Assert.Equal(identifiers, await SessionsOwnedByAsync(cluster, entry.Http, "news-app", victim));

        cluster[victim].Kill();
        var sinceKill = Stopwatch.StartNew();
        await cluster.WaitForAsync(
            () => Task.FromResult(identifiers.All(id => Received(receiver, id).Any(c => c.Type == "completed"))),
            "every session completed at the receiver",
            Recovery);
        var recovered = sinceKill.Elapsed;
        output.WriteLine($"every session completed {recovered.TotalSeconds:0.0} s after the kill");

        // A repeated completion would come from a delivery that was not recorded; give one a moment to show up.
        await Task.Delay(TimeSpan.FromSeconds(1));
        foreach (var identifier in identifiers)
        {
            AssertEventsInOrder(Received(receiver, identifier), identifier, paths);
        }

        Assert.DoesNotContain(await cluster.OwnersAsync(), o => o.Key.StartsWith(SiloCluster.OwnerPrefix(victim), StringComparison.Ordinal));

        // A surviving silo reads every session completed, with every task finished and its event delivered.
        using var survivor = Authorized(cluster[1].Http.BaseAddress!, http);
        foreach (var identifier in identifiers)
        {
            var status = await ApiAssert.JsonAsync(await survivor.GetAsync($"/v1/apps/news-app/sessions/{identifier}"), HttpStatusCode.OK);
            Assert.Equal("completed", status.GetProperty("state").GetString());
            Assert.Equal("invoked", status.GetProperty("completion").GetString());
            Assert.True(status.GetProperty("didFinishEventsDelivered").GetBoolean(), status.ToString());
            var tasks = status.GetProperty("tasks").EnumerateArray().ToList();
            Assert.Equal(TasksPerSession, tasks.Count);
            Assert.All(tasks, task =>
            {
                Assert.Equal("finished", task.GetProperty("state").GetString());
                Assert.True(task.GetProperty("eventDelivered").GetBoolean(), task.ToString());

                // The attempt the killed silo started is recorded; the one that finished came after it.
                Assert.True(task.GetProperty("attempts").GetInt32() >= 2, task.ToString());
            });
        }

        // The killed silo's downloads were cut; every one was made again by the silo that resumed the session.
        Assert.All(paths.Values, p => Assert.True(content.Hits(p) >= 2, $"{p} was requested {content.Hits(p)} time(s)"));
        Assert.True(recovered < Recovery, $"recovered in {recovered.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// One didFinishDownloading per task (finished, with the content), every one before the single didFinishEvents,
    /// which comes before the completion; the completion arrives exactly once, by event id and by arrival.
    /// </summary>
    private static void AssertEventsInOrder(List<SessionCallback> events, string identifier, Dictionary<(string Session, string Task), string> paths)
    {
        var describe = string.Join(", ", events.Select(e => $"#{e.Arrival} {e.Type} {e.EventId}"));
        Assert.All(events, e => Assert.Equal(Kind, e.Kind));
        var downloads = events.Where(e => e.Type == "didFinishDownloading").ToList();
        var tasks = paths.Keys.Where(k => k.Session == identifier).Select(k => k.Task).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(tasks, downloads.Select(e => e.TaskId!).Distinct().Order(StringComparer.Ordinal).ToList());
        foreach (var download in downloads)
        {
            Assert.Equal($"{identifier}/{download.Generation}/{download.TaskId}", download.EventId);
            Assert.Equal("finished", download.TaskState);
            var size = int.Parse(paths[(identifier, download.TaskId!)].Split('/')[^1], CultureInfo.InvariantCulture);
            Assert.Equal(ContentServer.Content(size), download.Content);
        }

        var finished = Assert.Single(events, e => e.Type == "didFinishEvents");
        Assert.Equal($"{identifier}/{finished.Generation}/events", finished.EventId);
        var completion = Assert.Single(events, e => e.Type == "completed");
        Assert.Equal($"{identifier}/{completion.Generation}/completion", completion.EventId);
        Assert.Single(events, e => e.EventId == completion.EventId);
        Assert.True(downloads.Max(e => e.Arrival) < finished.Arrival, $"didFinishEvents before a task's event: {describe}");
        Assert.True(finished.Arrival < completion.Arrival, $"completion before didFinishEvents: {describe}");
        Assert.Equal(completion.Arrival, events.Max(e => e.Arrival));
    }

    /// <summary>The events the receiver got for <paramref name="session"/>, in arrival order, repeats included.</summary>
    private static List<SessionCallback> Received(CallbackReceiver receiver, string session)
    {
        var events = new List<SessionCallback>();
        var arrival = 0;
        foreach (var call in receiver.Calls)
        {
            arrival++;
            var e = call.Event;
            if (call.Failed || e.GetProperty("session").GetString() != session)
            {
                continue;
            }

            var task = e.TryGetProperty("task", out var t) && t.ValueKind == JsonValueKind.Object ? t : (JsonElement?)null;
            events.Add(new SessionCallback(
                arrival,
                call.Type,
                e.GetProperty("kind").GetString()!,
                e.GetProperty("generation").GetInt32(),
                call.EventId,
                task?.GetProperty("id").GetString(),
                task?.GetProperty("state").GetString(),
                task?.GetProperty("content") is { ValueKind: JsonValueKind.String } content ? content.GetBytesFromBase64() : null));
        }

        return events;
    }

    /// <summary>Creates the app with one kind whose session handler is <paramref name="callback"/>; returns a client with the app's key.</summary>
    private static async Task<HttpClient> CreateAppAsync(SiloProcess silo, string app, Uri callback)
    {
        var definition = $$$"""
            {"kinds":[{"kind":"{{{Kind}}}","provider":{"url":"{{{new Uri(callback, "/timelines")}}}"},"sessionHandler":{"url":"{{{callback}}}"}}]}
            """;
        return Authorized(silo.Http.BaseAddress!, await SiloCluster.CreateAppAsync(silo.Http, app, ApiAssert.Json(definition)));
    }

    /// <summary>Session identifiers of <paramref name="app"/> whose shard silo <paramref name="index"/> holds.</summary>
    private static async Task<List<string>> SessionsOwnedByAsync(SiloCluster cluster, HttpClient http, string app, int index)
    {
        var owners = await SiloCluster.ShardOwnersAsync(cluster.ConnectionString);
        var identifiers = new List<string>();
        for (var i = 0; identifiers.Count < Sessions; i++)
        {
            Assert.True(i < 1_000, $"fewer than {Sessions} of 1 000 sessions live on silo{index}");
            var identifier = $"images-{i}";
            var shard = int.Parse(await http.GetStringAsync($"/test/session-shard/{app}/{identifier}"), CultureInfo.InvariantCulture);
            if (owners.TryGetValue(shard, out var owner) && owner.StartsWith(SiloCluster.OwnerPrefix(index), StringComparison.Ordinal))
            {
                identifiers.Add(identifier);
            }
        }

        return identifiers;
    }

    private static HttpClient Authorized(Uri baseAddress, HttpClient like)
        => Authorized(baseAddress, like.DefaultRequestHeaders.Authorization!.Parameter!);

    private static HttpClient Authorized(Uri baseAddress, string key)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>One session event as the receiver got it; <see cref="Arrival"/> counts every call the receiver got, from 1.</summary>
    private sealed record SessionCallback(int Arrival, string Type, string Kind, int Generation, string EventId, string? TaskId, string? TaskState, byte[]? Content);
}
