using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Apps;

/// <summary>The stored state of an <see cref="AppGrain"/>: the app's kinds and the hash of its API key, never the key.</summary>
public sealed class AppState
{
    /// <summary>The app's kinds.</summary>
    public List<KindSettings> Kinds { get; set; } = [];

    /// <summary>SHA-256 of the UTF-8 API key, or <see langword="null"/> before the app is created.</summary>
    public byte[]? ApiKeyHash { get; set; }

    /// <summary>When the app was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the kinds were last replaced.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
