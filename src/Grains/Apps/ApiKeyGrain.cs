using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Apps;

/// <summary>Maps one API key hash to its app.</summary>
public sealed class ApiKeyGrain : Grain, IApiKeyGrain
{
    private readonly IPersistentState<ApiKeyState> _state;

    /// <summary>Creates the grain over its stored state.</summary>
    public ApiKeyGrain([PersistentState("apiKey")] IPersistentState<ApiKeyState> state) => _state = state;

    /// <inheritdoc />
    public async Task Assign(string app)
    {
        ArgumentException.ThrowIfNullOrEmpty(app);
        if (_state.State.App is { } existing && !string.Equals(existing, app, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The API key already belongs to another app.");
        }

        _state.State.App = app;
        await _state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<string?> GetApp() => Task.FromResult(_state.RecordExists ? _state.State.App : null);
}

/// <summary>The stored state of an <see cref="ApiKeyGrain"/>.</summary>
public sealed class ApiKeyState
{
    /// <summary>The owning app.</summary>
    public string? App { get; set; }
}
