using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orleans.Widgets.Testing;

/// <summary>
/// An app server's session callback endpoint on 127.0.0.1 (Kestrel, a free port): records every JSON event it is
/// sent, in arrival order, and answers 200, or 500 for the next calls a test asks it to fail.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Call> _calls = new();
    private WebApplication? _app;
    private int _failures;
    private string? _failType;

    private CallbackReceiver()
    {
    }

    /// <summary>One call: the event as sent and whether it was answered with a failure.</summary>
    public sealed record Call(JsonElement Event, bool Failed)
    {
        public string Type => Event.GetProperty("type").GetString()!;

        public string EventId => Event.GetProperty("eventId").GetString()!;
    }

    /// <summary>The callback URL, <c>http://127.0.0.1:{port}/events</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every call in arrival order.</summary>
    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>The calls answered 200, in arrival order.</summary>
    public IReadOnlyList<Call> Delivered => [.. _calls.Where(c => !c.Failed)];

    /// <summary>Starts a receiver on a free port of 127.0.0.1.</summary>
    public static async Task<CallbackReceiver> StartAsync()
    {
        var receiver = new CallbackReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/events", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var type = body.RootElement.GetProperty("type").GetString();
            var failed = (receiver._failType is null || receiver._failType == type) && Interlocked.Decrement(ref receiver._failures) >= 0;
            receiver._calls.Enqueue(new Call(body.RootElement.Clone(), failed));
            context.Response.StatusCode = failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        });
        await app.StartAsync();
        receiver._app = app;
        receiver.Url = new Uri(new Uri(app.Urls.Single()), "/events");
        return receiver;
    }

    /// <summary>The next <paramref name="calls"/> calls (of <paramref name="type"/> only, when given) are answered 500.</summary>
    public void FailNext(int calls, string? type = null)
    {
        _failType = type;
        Volatile.Write(ref _failures, calls);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }
}
