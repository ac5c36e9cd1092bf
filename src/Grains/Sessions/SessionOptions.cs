namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// Limits of background sessions (section <c>Widgets:Sessions</c>): where downloads may go, how large and long they
/// may be, how many tasks a session holds and how failures are retried.
/// </summary>
public sealed class SessionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Widgets:Sessions";

    /// <summary>The schemes allowed when <see cref="AllowedSchemes"/> lists none.</summary>
    public static readonly IReadOnlyList<string> DefaultSchemes = ["https"];

    /// <summary>
    /// URL schemes a task may use; empty means <see cref="DefaultSchemes"/> (<c>https</c> only). Empty by default so
    /// that a configured list replaces the default rather than adding to it.
    /// </summary>
    public List<string> AllowedSchemes { get; set; } = [];

    /// <summary>The schemes in force: <see cref="AllowedSchemes"/>, or <see cref="DefaultSchemes"/> when it is empty.</summary>
    public IReadOnlyList<string> EffectiveSchemes => AllowedSchemes.Count > 0 ? AllowedSchemes : DefaultSchemes;

    /// <summary>Host names a task may name (exact, or <c>*.example.com</c> for subdomains); empty means any host.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Whether downloads may connect to loopback, private (RFC 1918, CGNAT, ULA), link-local, unspecified or multicast addresses.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Addresses or networks (<c>127.0.0.1</c>, <c>10.1.0.0/16</c>) allowed even though they are private.</summary>
    public List<string> AllowedAddresses { get; set; } = [];

    /// <summary>The largest content a download may have; a larger one is cut off and fails.</summary>
    public long MaxContentBytes { get; set; } = 1024 * 1024;

    /// <summary>How long one download attempt may take, redirects included.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most redirects one download follows; every hop is checked again.</summary>
    public int MaxRedirects { get; set; } = 3;

    /// <summary>Most tasks one session holds in a generation.</summary>
    public int MaxTasksPerSession { get; set; } = 64;

    /// <summary>Attempts of one download before it fails for good (transient failures only are retried).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry's delay; each further retry waits twice as long (downloads and event deliveries).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two event delivery attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most downloads running at once in one silo; the others wait, pending.</summary>
    public int MaxConcurrentDownloads { get; set; } = 16;

    /// <summary>
    /// How often a session with work outstanding is looked at by its reminder even when no retry is due. It bounds how
    /// long the work of a silo that died waits before the silo that took its shard resumes it.
    /// </summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an app server's session callback may take to answer.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based), doubling from <see cref="RetryDelay"/> up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay < RetryDelay ? RetryDelay : delay;
    }
}
