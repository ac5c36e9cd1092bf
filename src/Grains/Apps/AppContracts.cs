using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Apps;

/// <summary>An app's kinds.</summary>
public sealed record AppDefinition(IReadOnlyList<KindSettings> Kinds)
{
    public KindSettings? FindKind(string kind) => Kinds.FirstOrDefault(k => string.Equals(k.Kind, kind, StringComparison.Ordinal));
}

/// <summary>The outcome of creating or updating an app; the API key is returned only when the app is created.</summary>
public sealed record AppConfigured(bool Created, string? ApiKey);

/// <summary>One app: its kinds and the hash of its API key. Key: the app id.</summary>
public interface IAppGrain : IGrainWithStringKey
{
    /// <summary>Creates the app (returning a new API key) or replaces its kinds.</summary>
    Task<AppConfigured> Configure(AppDefinition definition);

    /// <summary>The app's kinds, or <see langword="null"/> if the app does not exist.</summary>
    Task<AppDefinition?> GetDefinition();

    /// <summary>Whether <paramref name="apiKey"/> is this app's key (constant-time comparison of hashes).</summary>
    Task<bool> VerifyApiKey(string apiKey);
}
