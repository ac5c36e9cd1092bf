namespace Orleans.Widgets.Grains.Apps;

/// <summary>
/// Which app an API key belongs to, so that a key used on another app's URL can be told apart from an invalid key.
/// Key: the lowercase hex SHA-256 of the API key (<see cref="ApiKeys.HashHex"/>); the key itself is never stored.
/// </summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Records that the key belongs to <paramref name="app"/>.</summary>
    Task Assign(string app);

    /// <summary>The app the key belongs to, or <see langword="null"/> if no app has it.</summary>
    Task<string?> GetApp();
}
