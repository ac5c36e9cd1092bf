using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Orleans.Widgets.Grains.Demo;

/// <summary>
/// The news demo's shared state: where thumbnails are downloaded from, and the thumbnails the session handler has
/// received, by widget, for the provider's next timeline.
/// </summary>
public sealed class NewsDesk
{
    private readonly ConcurrentDictionary<string, NewsThumbnail> _thumbnails = new(StringComparer.Ordinal);

    /// <summary>The URL of the thumbnail for a widget's headline (set when the demo's content server starts).</summary>
    public Uri? ThumbnailUrl { get; set; }

    /// <summary>Records the thumbnail downloaded for <paramref name="widgetIds"/>.</summary>
    public NewsThumbnail Store(IEnumerable<string> widgetIds, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(widgetIds);
        ArgumentNullException.ThrowIfNull(content);
        var thumbnail = new NewsThumbnail(content.Length, Convert.ToHexStringLower(SHA256.HashData(content)));
        foreach (var widgetId in widgetIds)
        {
            _thumbnails[widgetId] = thumbnail;
        }

        return thumbnail;
    }

    /// <summary>The thumbnail received for <paramref name="widgetId"/>, if any.</summary>
    public NewsThumbnail? Find(string widgetId) => _thumbnails.TryGetValue(widgetId, out var thumbnail) ? thumbnail : null;
}

/// <summary>A downloaded thumbnail as the widget shows it: its size and SHA-256.</summary>
public sealed record NewsThumbnail(int Bytes, string Sha256);
