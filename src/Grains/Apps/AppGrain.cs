using System.Security.Cryptography;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Apps;

/// <summary>One app: its kinds and the SHA-256 hash of its API key. Key: the app id.</summary>
public sealed class AppGrain : Grain, IAppGrain
{
    private readonly IPersistentState<AppState> _state;
    private readonly TimeProvider _time;

    /// <summary>Creates the grain over its stored state.</summary>
    public AppGrain([PersistentState("app")] IPersistentState<AppState> state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    private bool Exists => _state.RecordExists && _state.State.ApiKeyHash is not null;

    /// <inheritdoc />
    public async Task<AppConfigured> Configure(AppDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(definition.Kinds);
        var now = _time.GetUtcNow();
        if (Exists)
        {
            _state.State.Kinds = [.. definition.Kinds];
            _state.State.UpdatedAt = now;
            await _state.WriteStateAsync();
            return new AppConfigured(Created: false, ApiKey: null);
        }

        // The key's owner is recorded first: should the app's own write fail, the key leads nowhere and is refused.
        var apiKey = ApiKeys.Generate();
        await GrainFactory.GetGrain<IApiKeyGrain>(ApiKeys.HashHex(apiKey)).Assign(GetPrimaryKeyString());
        _state.State = new AppState
        {
            Kinds = [.. definition.Kinds],
            ApiKeyHash = ApiKeys.Hash(apiKey),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _state.WriteStateAsync();
        return new AppConfigured(Created: true, apiKey);
    }

    /// <inheritdoc />
    public Task<AppDefinition?> GetDefinition()
        => Task.FromResult(Exists ? new AppDefinition(_state.State.Kinds.ToArray()) : null);

    /// <inheritdoc />
    public Task<bool> VerifyApiKey(string apiKey)
    {
        if (!Exists || string.IsNullOrEmpty(apiKey))
        {
            return Task.FromResult(false);
        }

        return Task.FromResult(CryptographicOperations.FixedTimeEquals(ApiKeys.Hash(apiKey), _state.State.ApiKeyHash));
    }
}
