using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orleans.Widgets.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, a free port) serving downloads in the ways a remote host can: whole,
/// slowly, failing first, larger than announced or without a length, through redirects, with any status. It counts
/// the requests each path received and keeps the last request's headers.
/// </summary>
/// <remarks>
/// Paths: <c>/bytes/{n}</c> (n bytes of <see cref="Content"/>, with a length); <c>/slow/{ms}/{n}</c> (waits, then
/// n bytes); <c>/trickle/{ms}/{n}</c> (headers at once, the body spread over ms in ten pieces);
/// <c>/flaky/{key}/{k}/{n}</c> (503 for the first k requests of the key, then n bytes); <c>/slowfirst/{key}/{ms}/{n}</c>
/// (the key's first request waits ms before answering, later ones answer at once); <c>/huge/{n}</c> (n bytes
/// chunked without a length, or with <c>?announce=m</c> a Content-Length of m and only min(n, m) bytes sent);
/// <c>/redirect/{n}</c> (n redirects, then 16 bytes, or <c>?to=</c> the last hop's target); <c>/status/{code}</c>.
/// </remarks>
public sealed class ContentServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _flaky = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _slowFirst = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _headers = new(StringComparer.Ordinal);
    private WebApplication? _app;

    private ContentServer()
    {
    }

    /// <summary>The server's address, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The port the server listens on.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    public static async Task<ContentServer> StartAsync()
    {
        var server = new ContentServer();
        await server.StartCoreAsync();
        return server;
    }

    /// <summary>The deterministic body of <c>/bytes/{n}</c> and the other paths: byte i is (i * 7 + 3) mod 251.</summary>
    public static byte[] Content(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 7 + 3) % 251);
        }

        return bytes;
    }

    /// <summary>An absolute URL on this server (by IP address).</summary>
    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    /// <summary>The same URL by the host name <c>localhost</c>, which has to be resolved before connecting.</summary>
    public Uri LocalhostUrl(string pathAndQuery) => new UriBuilder(Url(pathAndQuery)) { Host = "localhost" }.Uri;

    /// <summary>How many requests <paramref name="path"/> (without query) has received.</summary>
    public int Hits(string path) => _hits.TryGetValue(path, out var hits) ? hits : 0;

    /// <summary>Requests received on every path.</summary>
    public int TotalHits => _hits.Values.Sum();

    /// <summary>The headers of the last request to <paramref name="path"/>, if any.</summary>
    public IReadOnlyDictionary<string, string>? LastHeaders(string path) => _headers.TryGetValue(path, out var headers) ? headers : null;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }

    private async Task StartCoreAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            _headers[path] = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await next(context);
        });

        app.MapGet("/bytes/{n:int}", (int n, HttpContext context) => WriteAsync(context, n, n));
        app.MapGet("/slow/{ms:int}/{n:int}", async (int ms, int n, HttpContext context) =>
        {
            await Task.Delay(ms, context.RequestAborted);
            await WriteAsync(context, n, n);
        });
        app.MapGet("/trickle/{ms:int}/{n:int}", async (int ms, int n, HttpContext context) =>
        {
            var content = Content(n);
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = n;
            await context.Response.Body.FlushAsync(context.RequestAborted);
            var piece = Math.Max(1, (n + 9) / 10);
            for (var offset = 0; offset < n; offset += piece)
            {
                await Task.Delay(ms / 10, context.RequestAborted);
                await context.Response.Body.WriteAsync(content.AsMemory(offset, Math.Min(piece, n - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        app.MapGet("/flaky/{key}/{k:int}/{n:int}", async (string key, int k, int n, HttpContext context) =>
        {
            if (_flaky.AddOrUpdate(key, 1, (_, seen) => seen + 1) <= k)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("try again later", context.RequestAborted);
                return;
            }

            await WriteAsync(context, n, n);
        });
        app.MapGet("/slowfirst/{key}/{ms:int}/{n:int}", async (string key, int ms, int n, HttpContext context) =>
        {
            if (_slowFirst.AddOrUpdate(key, 1, (_, seen) => seen + 1) == 1)
            {
                await Task.Delay(ms, context.RequestAborted);
            }

            await WriteAsync(context, n, n);
        });
        app.MapGet("/huge/{n:int}", async (int n, HttpContext context) =>
        {
            if (int.TryParse(context.Request.Query["announce"], NumberStyles.None, CultureInfo.InvariantCulture, out var announced))
            {
                await WriteAsync(context, Math.Min(n, announced), announced);
                return;
            }

            // No Content-Length: chunked, so only reading tells how large it is.
            var content = Content(n);
            context.Response.ContentType = "application/octet-stream";
            for (var offset = 0; offset < n; offset += 16 * 1024)
            {
                await context.Response.Body.WriteAsync(content.AsMemory(offset, Math.Min(16 * 1024, n - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        app.MapGet("/redirect/{n:int}", (int n, HttpContext context) =>
        {
            string? target = context.Request.Query["to"];
            var location = n > 1
                ? $"/redirect/{n - 1}{context.Request.QueryString}"
                : target ?? "/bytes/16";
            context.Response.StatusCode = n > 0 ? StatusCodes.Status302Found : StatusCodes.Status200OK;
            if (n > 0)
            {
                context.Response.Headers.Location = location;
                return Task.CompletedTask;
            }

            return WriteAsync(context, 16, 16);
        });
        app.MapGet("/status/{code:int}", (int code, HttpContext context) =>
        {
            context.Response.StatusCode = code;
            return context.Response.WriteAsync($"status {code}", context.RequestAborted);
        });

        await app.StartAsync();
        _app = app;
        BaseAddress = new Uri(app.Urls.Single());
    }

    private static async Task WriteAsync(HttpContext context, int send, long announce)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = announce;
        try
        {
            await context.Response.Body.WriteAsync(Content(send), context.RequestAborted);
        }
        catch (InvalidOperationException)
        {
            // Fewer bytes than announced: Kestrel refuses to finish the response, which is the point.
        }
    }
}
