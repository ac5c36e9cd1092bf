using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Widgets.Client;

namespace Orleans.Widgets.Silo.Tests.Api;

/// <summary>The sessions routes over real HTTP: attach, add tasks, status, refusals that change nothing, tenant isolation, the client.</summary>
[Collection(ApiCollection.Name)]
public sealed class SessionsApiTests(ApiSilo silo) : IAsyncLifetime
{
    private ContentServer _content = null!;
    private CallbackReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _content = await ContentServer.StartAsync();
        _receiver = await CallbackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _content.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    /// <summary>Creates an app with kind <c>news</c> (session events to the receiver) and kind <c>plain</c> (no handler).</summary>
    private async Task<(string App, string Key)> CreateAppAsync()
    {
        var app = ApiSilo.NewAppId();
        using var admin = silo.Admin();
        var body = new
        {
            kinds = new object[]
            {
                new { kind = "news", provider = new { url = "https://provider.example/timelines" }, sessionHandler = new { url = _receiver.Url.ToString() } },
                new { kind = "plain", provider = new { url = "https://provider.example/timelines" } },
            },
        };
        var created = await ApiAssert.JsonAsync(await admin.PutAsJsonAsync($"/v1/apps/{app}", body), HttpStatusCode.Created);
        var stored = await ApiAssert.JsonAsync(await admin.GetAsync($"/v1/apps/{app}"), HttpStatusCode.OK);
        Assert.Equal(_receiver.Url.ToString(), stored.GetProperty("kinds")[0].GetProperty("sessionHandler").GetProperty("url").GetString());
        return (app, created.GetProperty("apiKey").GetString()!);
    }

    private async Task<JsonElement> WaitCompletedAsync(HttpClient http, string path)
    {
        JsonElement status = default;
        await Eventually.TrueAsync(
            () =>
            {
                status = ApiAssert.JsonAsync(http.GetAsync(path).GetAwaiter().GetResult(), HttpStatusCode.OK).GetAwaiter().GetResult();
                return status.GetProperty("state").GetString() == "completed";
            },
            "the session completes",
            20_000);
        return status;
    }

    [Fact]
    public async Task A_session_is_created_attached_given_tasks_and_its_events_reach_the_callback()
    {
        var (app, key) = await CreateAppAsync();
        using var http = silo.Http(key);
        var path = $"/v1/apps/{app}/sessions/images";

        var created = await ApiAssert.JsonAsync(await http.PutAsJsonAsync(path, new { kind = "news" }), HttpStatusCode.Created);
        Assert.Equal(("images", "news", 1, "active"), (created.GetProperty("identifier").GetString(), created.GetProperty("kind").GetString(), created.GetProperty("generation").GetInt32(), created.GetProperty("state").GetString()));
        await ApiAssert.JsonAsync(await http.PutAsJsonAsync(path, new { kind = "news" }), HttpStatusCode.OK);

        var added = await ApiAssert.JsonAsync(await http.PostAsJsonAsync($"{path}/tasks", new { id = "thumb", url = _content.Url("/bytes/700").ToString(), widgets = new[] { "w1" } }), HttpStatusCode.Accepted);
        Assert.Equal("thumb", added.GetProperty("taskId").GetString());
        var again = await ApiAssert.JsonAsync(await http.PostAsJsonAsync($"{path}/tasks", new { id = "thumb", url = _content.Url("/bytes/700").ToString(), widgets = new[] { "w1" } }), HttpStatusCode.Accepted);
        Assert.Equal("thumb", again.GetProperty("taskId").GetString());

        var status = await WaitCompletedAsync(http, path);
        Assert.Equal("invoked", status.GetProperty("completion").GetString());
        Assert.Equal(1, status.GetProperty("eventsDelivered").GetInt32());
        Assert.True(status.GetProperty("didFinishEventsDelivered").GetBoolean());
        var task = Assert.Single(status.GetProperty("tasks").EnumerateArray());
        Assert.Equal(("thumb", "finished", 1, 700L, true), (task.GetProperty("id").GetString(), task.GetProperty("state").GetString(), task.GetProperty("attempts").GetInt32(), task.GetProperty("bytes").GetInt64(), task.GetProperty("eventDelivered").GetBoolean()));

        var calls = _receiver.Delivered.Where(c => c.Event.GetProperty("app").GetString() == app).ToList();
        Assert.Equal(["didFinishDownloading", "didFinishEvents", "completed"], calls.Select(c => c.Type));
        Assert.Equal(["images/1/thumb", "images/1/events", "images/1/completion"], calls.Select(c => c.EventId));
        var sent = calls[0].Event;
        Assert.Equal(("news", "images", 1), (sent.GetProperty("kind").GetString(), sent.GetProperty("session").GetString(), sent.GetProperty("generation").GetInt32()));
        var sentTask = sent.GetProperty("task");
        Assert.Equal(("thumb", "finished", "w1"), (sentTask.GetProperty("id").GetString(), sentTask.GetProperty("state").GetString(), sentTask.GetProperty("widgets")[0].GetString()));
        Assert.Equal(ContentServer.Content(700), sentTask.GetProperty("content").GetBytesFromBase64());
        Assert.False(calls[1].Event.TryGetProperty("task", out _));
        Assert.Equal(1, _content.Hits("/bytes/700"));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_stores_nothing()
    {
        var (app, key) = await CreateAppAsync();
        using var http = silo.Http(key);
        var path = $"/v1/apps/{app}/sessions/feed";

        await ApiAssert.ErrorAsync(await http.PutAsJsonAsync($"/v1/apps/{app}/sessions/bad%20id", new { kind = "news" }), HttpStatusCode.BadRequest, "identifier");
        await ApiAssert.ErrorAsync(await http.PutAsJsonAsync($"/v1/apps/{app}/sessions/{new string('a', 129)}", new { kind = "news" }), HttpStatusCode.BadRequest, "at most 128");
        await ApiAssert.ErrorAsync(await http.PutAsJsonAsync(path, new { kind = "plain" }), HttpStatusCode.BadRequest, "no session handler");
        await ApiAssert.ErrorAsync(await http.PutAsJsonAsync(path, new { kind = "nope" }), HttpStatusCode.BadRequest, "no kind 'nope'");
        await ApiAssert.ErrorAsync(await http.PutAsync(path, ApiAssert.Json("{\"kind\": ")), HttpStatusCode.BadRequest);
        await ApiAssert.ErrorAsync(await http.GetAsync(path), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await http.PostAsJsonAsync($"{path}/tasks", new { url = _content.Url("/bytes/1").ToString(), widgets = Array.Empty<string>() }), HttpStatusCode.NotFound);

        await ApiAssert.JsonAsync(await http.PutAsJsonAsync(path, new { kind = "news" }), HttpStatusCode.Created);
        await ApiAssert.ErrorAsync(await http.PutAsJsonAsync(path, new { kind = "plain" }), HttpStatusCode.Conflict, "belongs to kind 'news'");
        var slow = _content.Url("/slow/300/10").ToString();
        (object Body, string Message)[] refused =
        [
            (new { url = "ftp://example.com/a.png", widgets = Array.Empty<string>() }, "scheme 'ftp' is not allowed"),
            (new { url = "http://10.0.0.1/a.png", widgets = Array.Empty<string>() }, "private or reserved"),
            (new { url = "http://[::1]:8080/a.png", widgets = Array.Empty<string>() }, "private or reserved"),
            (new { url = "not a url", widgets = Array.Empty<string>() }, "absolute URL"),
            (new { url = slow }, "widgets is required"),
            (new { url = slow, widgets = new[] { "a/b" } }, "widgets[0]"),
            (new { id = "no spaces", url = slow, widgets = Array.Empty<string>() }, "id may contain only"),
            (new { url = slow, widgets = Array.Empty<string>(), headers = new Dictionary<string, string> { ["Host"] = "x" } }, "headers"),
        ];
        foreach (var (body, message) in refused)
        {
            await ApiAssert.ErrorAsync(await http.PostAsJsonAsync($"{path}/tasks", body), HttpStatusCode.BadRequest, message);
        }

        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.JsonAsync(await http.PostAsJsonAsync($"{path}/tasks", new { url = slow, widgets = Array.Empty<string>() }), HttpStatusCode.Accepted);
        }

        await ApiAssert.ErrorAsync(await http.PostAsJsonAsync($"{path}/tasks", new { url = slow, widgets = Array.Empty<string>() }), HttpStatusCode.BadRequest, "at most 3 tasks");
        var status = await ApiAssert.JsonAsync(await http.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal(["t1", "t2", "t3"], status.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        await WaitCompletedAsync(http, path);
    }

    [Fact]
    public async Task Another_apps_key_gets_404_on_every_session_route()
    {
        var (app, key) = await CreateAppAsync();
        var (_, otherKey) = await CreateAppAsync();
        using var owner = silo.Http(key);
        using var other = silo.Http(otherKey);
        var path = $"/v1/apps/{app}/sessions/private";
        await ApiAssert.JsonAsync(await owner.PutAsJsonAsync(path, new { kind = "news" }), HttpStatusCode.Created);

        await ApiAssert.ErrorAsync(await other.GetAsync(path), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await other.PutAsJsonAsync(path, new { kind = "news" }), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await other.PostAsJsonAsync($"{path}/tasks", new { url = _content.Url("/bytes/5").ToString(), widgets = Array.Empty<string>() }), HttpStatusCode.NotFound);
        var status = await ApiAssert.JsonAsync(await owner.GetAsync(path), HttpStatusCode.OK);
        Assert.Empty(status.GetProperty("tasks").EnumerateArray());
        Assert.Equal(0, _content.TotalHits);
    }

    [Fact]
    public async Task The_client_attaches_adds_tasks_and_reads_the_session()
    {
        var (app, key) = await CreateAppAsync();
        using var http = silo.Http();
        var client = new WidgetCenterClient(http, app, key);

        Assert.Null(await client.GetSessionAsync("news-images"));
        var created = await client.AttachSessionAsync("news-images", "news");
        Assert.Equal(("news-images", 1, "active"), (created.Identifier, created.Generation, created.State));
        Assert.Equal("a", await client.AddSessionTaskAsync("news-images", new SessionTask(_content.Url("/bytes/64"), ["w1"], Id: "a")));
        Assert.Equal("t1", await client.AddSessionTaskAsync("news-images", new SessionTask(_content.Url("/bytes/32"), ["w2"])));

        SessionStatus? status = null;
        await Eventually.TrueAsync(() => (status = client.GetSessionAsync("news-images").GetAwaiter().GetResult())!.State == "completed", "the session completes", 20_000);
        Assert.Equal(["a", "t1"], status!.Tasks.Select(t => t.Id));
        Assert.All(status.Tasks, t => Assert.Equal("finished", t.State));
        Assert.Equal("invoked", status.Completion);

        var conflict = await Assert.ThrowsAsync<WidgetsApiException>(() => client.AttachSessionAsync("news-images", "plain"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var refused = await Assert.ThrowsAsync<WidgetsApiException>(() => client.AddSessionTaskAsync("news-images", new SessionTask(new Uri("https://192.168.1.10/x"), [])));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("private or reserved", refused.ServerMessage, StringComparison.Ordinal);
    }
}
