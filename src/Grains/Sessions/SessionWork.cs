using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Diagnostics;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// The silo's session work that runs outside grain turns (downloads, event deliveries): downloads bounded by
/// <see cref="SessionOptions.MaxConcurrentDownloads"/>, all of it counted so tests and the demo can wait for it.
/// </summary>
/// <remarks>
/// The simulated clock does not wait for this work when it advances: a download takes real time on the network, and
/// its timeout runs on the runtime's clock, so a clock that waited for it could never fire the timeout.
/// </remarks>
public sealed class SessionWork : IDisposable
{
    private readonly ReloadWorkTracker _tracker;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenRegistration _onStopping;

    /// <summary>Creates the tracker; work is cancelled when the host stops.</summary>
    public SessionWork(IOptions<SessionOptions> options, ILogger<ReloadWorkTracker> logger, IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tracker = new ReloadWorkTracker(logger);
        _slots = new SemaphoreSlim(options.Value.MaxConcurrentDownloads);
        if (lifetime is not null)
        {
            _onStopping = lifetime.ApplicationStopping.Register(static s => ((CancellationTokenSource)s!).Cancel(), _stopping);
        }
    }

    /// <summary>Cancelled when the silo stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Work started and not yet finished.</summary>
    public int Outstanding => _tracker.Outstanding;

    /// <summary>Completes when no work is outstanding.</summary>
    public Task WhenIdleAsync() => _tracker.WhenIdleAsync();

    /// <summary>Counts <paramref name="work"/> until it completes; logs its failure.</summary>
    public void Track(Task work, string what) => _tracker.Track(work, what);

    /// <summary>Runs <paramref name="download"/> once a download slot of this silo is free.</summary>
    public async Task RunDownloadAsync(Func<CancellationToken, Task> download)
    {
        ArgumentNullException.ThrowIfNull(download);
        await _slots.WaitAsync(Stopping);
        try
        {
            await download(Stopping);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        _onStopping.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
        _slots.Dispose();
    }
}
