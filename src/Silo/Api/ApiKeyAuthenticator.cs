using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Silo.Configuration;

namespace Orleans.Widgets.Silo.Api;

/// <summary>
/// Resolves <c>Authorization: Bearer &lt;key&gt;</c> to the admin or an app. App keys are looked up by hash (the key-hash
/// grain names the app, the app grain verifies the key) and remembered per hash for a while.
/// </summary>
internal sealed class ApiKeyAuthenticator : IHostedService
{
    private const int MaxKeyLength = 512;
    private const int MaxCachedKeys = 10_000;

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cacheDuration;
    private readonly ILogger _logger;
    private readonly byte[] _adminKeyHash;
    private readonly string? _generatedAdminKey;
    private readonly ConcurrentDictionary<string, CachedKey> _verified = new(StringComparer.Ordinal);

    public ApiKeyAuthenticator(IGrainFactory grains, TimeProvider time, IOptions<ApiOptions> options, ILoggerFactory loggers)
    {
        _grains = grains;
        _time = time;
        _cacheDuration = options.Value.ApiKeyCacheDuration;
        _logger = loggers.CreateLogger(ApiLog.Category);
        var adminKey = options.Value.AdminKey;
        if (string.IsNullOrWhiteSpace(adminKey))
        {
            adminKey = _generatedAdminKey = ApiKeys.Generate();
        }

        _adminKeyHash = ApiKeys.Hash(adminKey);
    }

    /// <summary>The caller, or <see langword="null"/> when the header is missing or the key is nobody's.</summary>
    public async Task<ApiCaller?> AuthenticateAsync(HttpContext context)
    {
        var key = ReadBearer(context.Request.Headers.Authorization.ToString());
        if (key is null)
        {
            return null;
        }

        var hash = ApiKeys.Hash(key);
        if (CryptographicOperations.FixedTimeEquals(hash, _adminKeyHash))
        {
            return ApiCaller.Admin;
        }

        var hashHex = Convert.ToHexStringLower(hash);
        var now = _time.GetUtcNow();
        if (_verified.TryGetValue(hashHex, out var cached))
        {
            if (cached.Expires > now)
            {
                return ApiCaller.ForApp(cached.App);
            }

            _verified.TryRemove(new KeyValuePair<string, CachedKey>(hashHex, cached));
        }

        var app = await _grains.GetGrain<IApiKeyGrain>(hashHex).GetApp();
        if (app is null || !await _grains.GetGrain<IAppGrain>(app).VerifyApiKey(key))
        {
            return null;
        }

        if (_verified.Count >= MaxCachedKeys)
        {
            _verified.Clear();
        }

        _verified[hashHex] = new CachedKey(app, now + _cacheDuration);
        return ApiCaller.ForApp(app);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_generatedAdminKey is not null)
        {
            ApiLog.GeneratedAdminKey(_logger, _generatedAdminKey);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string? ReadBearer(string header)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = header[Scheme.Length..].Trim();
        return key.Length is 0 or > MaxKeyLength ? null : key;
    }

    private readonly record struct CachedKey(string App, DateTimeOffset Expires);
}
