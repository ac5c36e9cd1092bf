using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>
/// An app server's session callback on 127.0.0.1 (real Kestrel, free port): it records every event POSTed to
/// <see cref="Url"/> in the order they arrived, repeats included, and answers 200 at once.
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SessionCallback> _received = new();
    private int _arrivals;

    private CallbackReceiver(WebApplication app) => _app = app;

    /// <summary>Where silos POST the session events.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every event received, in arrival order.</summary>
    public IReadOnlyList<SessionCallback> Received => [.. _received.OrderBy(static c => c.Arrival)];

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var receiver = new CallbackReceiver(builder.Build());
        receiver._app.MapPost("/sessions/events", receiver.ReceiveAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Urls.Single();
        receiver.Url = new Uri(new Uri(address), "/sessions/events");
        return receiver;
    }

    /// <summary>The events received for <paramref name="session"/>, in arrival order.</summary>
    public List<SessionCallback> For(string session) => [.. Received.Where(c => c.Session == session)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var root = body.RootElement;
        var task = root.TryGetProperty("task", out var t) && t.ValueKind == JsonValueKind.Object ? t : (JsonElement?)null;
        var content = task is { } withContent && withContent.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String
            ? Convert.FromBase64String(c.GetString()!)
            : null;
        _received.Enqueue(new SessionCallback(
            Interlocked.Increment(ref _arrivals),
            root.GetProperty("type").GetString()!,
            root.GetProperty("app").GetString()!,
            root.GetProperty("kind").GetString()!,
            root.GetProperty("session").GetString()!,
            root.GetProperty("generation").GetInt64(),
            root.GetProperty("eventId").GetString()!,
            task?.GetProperty("id").GetString(),
            task?.GetProperty("state").GetString(),
            task is { } failed && failed.TryGetProperty("failure", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null,
            content));
        return Results.Ok();
    }
}

/// <summary>One session event as the receiver got it (<see cref="Arrival"/> counts from 1 over all sessions).</summary>
internal sealed record SessionCallback(
    int Arrival,
    string Type,
    string App,
    string Kind,
    string Session,
    long Generation,
    string EventId,
    string? TaskId,
    string? TaskState,
    string? Failure,
    byte[]? Content);
