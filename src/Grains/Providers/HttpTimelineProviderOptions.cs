namespace Orleans.Widgets.Grains.Providers;

/// <summary>Settings of the HTTP timeline providers (section <c>Widgets:Providers</c>).</summary>
public sealed class HttpTimelineProviderOptions
{
    public const string SectionName = "Widgets:Providers";

    /// <summary>The default <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default <see cref="MaxResponseBytes"/> (64 MiB).</summary>
    public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

    /// <summary>How long one batch call may take, from sending the request to reading the whole answer.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>The largest answer accepted, in bytes; a larger one fails the call.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>How long a pooled connection to an app server is reused before it is replaced (so DNS changes are seen).</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most concurrent connections to one app server.</summary>
    public int MaxConnectionsPerServer { get; set; } = 64;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The provider timeout must be positive.");
        }

        if (MaxResponseBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "The answer size limit must be positive.");
        }

        if (PooledConnectionLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PooledConnectionLifetime), PooledConnectionLifetime, "The connection lifetime must be positive.");
        }

        if (MaxConnectionsPerServer <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConnectionsPerServer), MaxConnectionsPerServer, "At least one connection per server is needed.");
        }
    }
}
