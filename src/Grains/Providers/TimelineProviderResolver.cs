using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>
/// Finds a kind's provider: the built-in one named by <see cref="KindSettings.BuiltinProvider"/>, else an
/// <see cref="HttpTimelineProvider"/> for <see cref="KindSettings.ProviderUrl"/>. Providers are created once
/// (per name, per URL) and share one long-lived <see cref="HttpClient"/> with pooled connections.
/// </summary>
public sealed class TimelineProviderResolver : ITimelineProviderResolver
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client used for app servers' endpoints.</summary>
    public const string HttpClientName = "Orleans.Widgets.Providers";

    private readonly BuiltinTimelineProviders _builtins;
    private readonly HttpClient _httpClient;
    private readonly HttpTimelineProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, ITimelineProvider> _builtinByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Uri, HttpTimelineProvider> _httpByUrl = new();

    /// <summary>Creates a resolver over the silo's services (the named client <see cref="HttpClientName"/>).</summary>
    public TimelineProviderResolver(
        BuiltinTimelineProviders builtins,
        IHttpClientFactory httpClientFactory,
        IOptions<HttpTimelineProviderOptions> options,
        TimeProvider timeProvider)
        : this(builtins, CreateClient(httpClientFactory), options?.Value, timeProvider)
    {
    }

    /// <summary>Creates a resolver that calls app servers through <paramref name="httpClient"/>.</summary>
    public TimelineProviderResolver(
        BuiltinTimelineProviders builtins,
        HttpClient httpClient,
        HttpTimelineProviderOptions? options = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builtins);
        ArgumentNullException.ThrowIfNull(httpClient);
        options ??= new HttpTimelineProviderOptions();
        options.Validate();
        _builtins = builtins;
        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No built-in provider has the kind's name, or the kind names no provider at all.</exception>
    public ITimelineProvider Resolve(string app, KindSettings kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.BuiltinProvider is { } name)
        {
            return _builtinByName.GetOrAdd(name, static (key, builtins) => builtins.TryGet(key, out var provider)
                ? new InstrumentedTimelineProvider(provider)
                : throw new InvalidOperationException(
                    $"No built-in timeline provider is named '{key}' (registered: {string.Join(", ", builtins.Names.Order(StringComparer.Ordinal))})."),
                _builtins);
        }

        if (kind.ProviderUrl is { } url)
        {
            return _httpByUrl.GetOrAdd(url, static (key, self) => new HttpTimelineProvider(self._httpClient, key, self._options, self._timeProvider), this);
        }

        throw new InvalidOperationException($"Kind '{kind.Kind}' of app '{app}' names neither a provider URL nor a built-in provider.");
    }

    /// <summary>The handler of the shared client: pooled connections, replaced now and then so DNS changes are seen.</summary>
    internal static SocketsHttpHandler CreateHandler(HttpTimelineProviderOptions options) => new()
    {
        PooledConnectionLifetime = options.PooledConnectionLifetime,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        MaxConnectionsPerServer = options.MaxConnectionsPerServer,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        ConnectTimeout = options.Timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(30) : options.Timeout,
        AllowAutoRedirect = false,
    };

    private static HttpClient CreateClient(IHttpClientFactory httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        var client = httpClientFactory.CreateClient(HttpClientName);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }
}
