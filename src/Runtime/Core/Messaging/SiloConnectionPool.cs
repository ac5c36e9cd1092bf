using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// One persistent connection per peer silo, opened on first use and reopened after a loss. After a failed attempt the
/// peer is not tried again until a backoff (doubling, capped) has passed; calls meanwhile fail at once.
/// </summary>
internal sealed class SiloConnectionPool : IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SiloEndpoint, Peer> _peers = new();
    private readonly Func<string> _localSiloId;
    private readonly TimeProvider _time;
    private readonly TimeSpan _connectTimeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();

    public SiloConnectionPool(Func<string> localSiloId, TimeProvider time, TimeSpan connectTimeout, ILogger logger)
    {
        _localSiloId = localSiloId;
        _time = time;
        _connectTimeout = connectTimeout;
        _logger = logger;
    }

    /// <summary>The open connection to <paramref name="silo"/>, connecting if there is none.</summary>
    /// <exception cref="SiloUnavailableException">The silo cannot be reached now.</exception>
    public ValueTask<CallConnection> GetAsync(SiloEndpoint silo)
    {
        var peer = _peers.GetOrAdd(silo, static s => new Peer(s));
        var current = peer.Current;
        return current is { IsOpen: true } ? ValueTask.FromResult(current) : new ValueTask<CallConnection>(peer.ConnectAsync(this));
    }

    public async ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        foreach (var peer in _peers.Values)
        {
            if (peer.Current is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        _disposed.Dispose();
    }

    private sealed class Peer(SiloEndpoint endpoint)
    {
        private readonly Lock _lock = new();
        private Task<CallConnection>? _connecting;
        private long _retryAt;
        private int _failures;

        public CallConnection? Current { get; private set; }

        public Task<CallConnection> ConnectAsync(SiloConnectionPool pool)
        {
            lock (_lock)
            {
                if (Current is { IsOpen: true } open)
                {
                    return Task.FromResult(open);
                }

                if (_connecting is not null)
                {
                    return _connecting;
                }

                if (pool._disposed.IsCancellationRequested)
                {
                    return Task.FromException<CallConnection>(new SiloUnavailableException("The silo is stopping."));
                }

                if (pool._time.GetTimestamp() < _retryAt)
                {
                    return Task.FromException<CallConnection>(new SiloUnavailableException($"Silo {endpoint} was unreachable moments ago; not retrying yet."));
                }

                _connecting = ConnectCoreAsync(pool);
                return _connecting;
            }
        }

        private async Task<CallConnection> ConnectCoreAsync(SiloConnectionPool pool)
        {
            await Task.Yield();
            try
            {
                var connection = await CallConnection.ConnectAsync(
                    endpoint.Host, endpoint.Port, endpoint.SiloId, new Handshake(WireProtocol.Version, pool._localSiloId(), ConnectionRole.Silo), pool._time, pool._connectTimeout, pool._logger, pool._disposed.Token).ConfigureAwait(false);
                lock (_lock)
                {
                    Current = connection;
                    _connecting = null;
                    _failures = 0;
                }

                return connection;
            }
            catch (Exception)
            {
                lock (_lock)
                {
                    _connecting = null;
                    _failures = Math.Min(_failures + 1, 16);
                    var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << (_failures - 1)));
                    _retryAt = CallDeadline.After(pool._time, backoff);
                }

                throw;
            }
        }
    }
}
