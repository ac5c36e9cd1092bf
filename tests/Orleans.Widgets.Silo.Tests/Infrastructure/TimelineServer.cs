using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>
/// An app server's timeline endpoint on 127.0.0.1 (Kestrel, a free port): after <see cref="Delay"/> it answers every
/// widget of a batch with one entry and policy <c>never</c>, and records each widget it was asked for with the reason.
/// </summary>
internal sealed class TimelineServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TimelineServer(WebApplication app, TimeSpan delay)
    {
        _app = app;
        Delay = delay;
    }

    public TimeSpan Delay { get; }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every (widget, reason, arrival time) asked for, in arrival order.</summary>
    public ConcurrentQueue<(string WidgetId, string Reason, DateTime At)> Requests { get; } = new();

    public static async Task<TimelineServer> StartAsync(TimeSpan delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new TimelineServer(builder.Build(), delay);
        server._app.MapPost("/timelines", (RequestDelegate)server.AnswerAsync);
        await server._app.StartAsync();
        server.Url = new Uri(new Uri(server._app.Urls.First()), "/timelines");
        return server;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var timelines = new JsonArray();
        foreach (var request in body!["requests"]!.AsArray())
        {
            var widgetId = request!["widgetId"]!.GetValue<string>();
            Requests.Enqueue((widgetId, request["reason"]!.GetValue<string>(), DateTime.UtcNow));
            timelines.Add(new JsonObject
            {
                ["widgetId"] = widgetId,
                ["entries"] = new JsonArray(new JsonObject { ["date"] = request["now"]!.DeepClone(), ["content"] = new JsonObject { ["score"] = 1 } }),
                ["policy"] = new JsonObject { ["type"] = "never" },
            });
        }

        await Task.Delay(Delay, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["timelines"] = timelines }.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
