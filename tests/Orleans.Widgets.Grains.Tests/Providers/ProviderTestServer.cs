using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orleans.Widgets.Grains.Tests.Providers;

/// <summary>
/// A real app server on 127.0.0.1 (Kestrel, a free port) that answers the timeline contract in the ways a
/// provider can: correctly, slowly, with 500, with malformed JSON, leaving a widget out, with an invalid timeline,
/// too large. It records the bodies it receives.
/// </summary>
public sealed class ProviderTestServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The last body each path received.</summary>
    public ConcurrentDictionary<string, string> Bodies { get; } = new(StringComparer.Ordinal);

    public Uri Url(string path) => new(BaseAddress, path);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        app.MapPost("/ok", (RequestDelegate)(async context => await AnswerAsync(context, Answer)));
        app.MapPost("/unsorted", (RequestDelegate)(async context => await AnswerAsync(context, Unsorted)));
        app.MapPost("/missing", (RequestDelegate)(async context => await AnswerAsync(context, LeaveOutLast)));
        app.MapPost("/invalid", (RequestDelegate)(async context => await AnswerAsync(context, FirstInvalid)));
        app.MapPost("/slow", (RequestDelegate)(async context =>
        {
            await RecordAsync(context);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }));
        app.MapPost("/error", (RequestDelegate)(async context =>
        {
            await RecordAsync(context);
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("database is down");
        }));
        app.MapPost("/malformed", (RequestDelegate)(async context =>
        {
            await RecordAsync(context);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"timelines": [ {"widgetId": "w1", "entries": [ {"date": """);
        }));
        app.MapPost("/no-timelines", (RequestDelegate)(async context =>
        {
            await RecordAsync(context);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"widgets": []}""");
        }));
        app.MapPost("/large", (RequestDelegate)(async context =>
        {
            await RecordAsync(context);
            var body = Encoding.UTF8.GetBytes($$"""{"timelines": [], "padding": "{{new string('x', 8192)}}"}""");
            context.Response.ContentType = "application/json";
            if (context.Request.Query.ContainsKey("length"))
            {
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body);
            }
            else
            {
                // No Content-Length: chunked, in small pieces, so the limit is enforced while reading.
                for (var offset = 0; offset < body.Length; offset += 1000)
                {
                    await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(1000, body.Length - offset)));
                    await context.Response.Body.FlushAsync();
                }
            }
        }));

        await app.StartAsync();
        _app = app;
        BaseAddress = new Uri(app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }

    private async Task<JsonObject> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Bodies[context.Request.Path.Value!] = body;
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task AnswerAsync(HttpContext context, Func<JsonArray, JsonArray> answer)
    {
        var request = await RecordAsync(context);
        var timelines = answer(request["requests"]!.AsArray());
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["timelines"] = timelines }.ToJsonString());
    }

    /// <summary>For each widget: entries at now and now + 1 h, policy after(now + 2 h); plus a widget nobody asked about.</summary>
    private static JsonArray Answer(JsonArray requests)
    {
        var timelines = new JsonArray();
        foreach (var request in requests)
        {
            timelines.Add(Timeline(request!["widgetId"]!.GetValue<string>(), DateTimeOffset.Parse(request["now"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
        }

        timelines.Add(Timeline("not-asked-about", DateTimeOffset.UnixEpoch));
        return timelines;
    }

    private static JsonArray Unsorted(JsonArray requests)
    {
        var timelines = Answer(requests);
        foreach (var timeline in timelines)
        {
            var entries = timeline!["entries"]!.AsArray();
            var first = entries[0]!;
            entries.RemoveAt(0);
            entries.Add(first);
        }

        return timelines;
    }

    private static JsonArray LeaveOutLast(JsonArray requests)
    {
        var timelines = Answer(requests);
        timelines.RemoveAt(requests.Count - 1);
        return timelines;
    }

    private static JsonArray FirstInvalid(JsonArray requests)
    {
        var timelines = Answer(requests);
        timelines[0]!["policy"] = new JsonObject { ["type"] = "after" };
        return timelines;
    }

    private static JsonObject Timeline(string widgetId, DateTimeOffset now) => new()
    {
        ["widgetId"] = widgetId,
        ["entries"] = new JsonArray(
            new JsonObject { ["date"] = now.ToString("O"), ["content"] = new JsonObject { ["widget"] = widgetId, ["step"] = 0 }, ["relevance"] = 0.5 },
            new JsonObject { ["date"] = now.AddHours(1).ToString("O"), ["content"] = new JsonObject { ["widget"] = widgetId, ["step"] = 1 } }),
        ["policy"] = new JsonObject { ["type"] = "after", ["date"] = now.AddHours(2).ToString("O") },
    };
}
