using Microsoft.AspNetCore.Hosting;

namespace Orleans.Widgets.Silo.Hosting;

/// <summary>
/// The news demo's image host: a small HTTP server on 127.0.0.1 at a free port, started by the demo seeder, serving
/// <c>/thumbnails/{name}.png</c> (a few KiB, the same bytes for a name every time). It stands in for a CDN so the demo
/// needs no network; the silo allows downloads from 127.0.0.1 over http only when the demo is on.
/// </summary>
internal sealed class DemoThumbnailServer : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The thumbnail URL of the demo's headline, once started.</summary>
    public Uri? ThumbnailUrl { get; private set; }

    public async Task<Uri> StartAsync(CancellationToken cancellationToken)
    {
        if (ThumbnailUrl is { } started)
        {
            return started;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/thumbnails/{name}.png", (string name) => Results.Bytes(Thumbnail(name), "image/png"));
        await app.StartAsync(cancellationToken);
        _app = app;
        ThumbnailUrl = new Uri(new Uri(app.Urls.Single()), "/thumbnails/headline.png");
        return ThumbnailUrl;
    }

    /// <summary>A PNG signature followed by bytes derived from <paramref name="name"/>: stable, so its hash is too.</summary>
    internal static byte[] Thumbnail(string name)
    {
        var bytes = new byte[4096];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        var seed = name.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
        for (var i = signature.Length; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((seed + (i * 13)) % 256);
        }

        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
