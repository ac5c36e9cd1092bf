using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// When <see cref="ClusterOptions.Enabled"/>: after the silo has started, listens on <see cref="ClusterOptions.Host"/>:
/// <see cref="ClusterOptions.Port"/> for silos and clients and routes calls for shards held elsewhere through the
/// <see cref="IShardDirectory"/> (when one is registered). Stops first, so forwarded calls end before the silo deactivates its grains.
/// </summary>
internal sealed partial class ClusterTransport : IHostedService, IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly SiloStatus _status;
    private readonly IServiceProvider _services;
    private readonly ClusterOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private SiloListener? _listener;
    private SiloConnectionPool? _connections;

    public ClusterTransport(SiloRuntime runtime, SiloStatus status, IServiceProvider services, IOptions<ClusterOptions> options, ILoggerFactory loggerFactory)
    {
        _runtime = runtime;
        _status = status;
        _services = services;
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ClusterTransport>();
    }

    /// <summary>This silo's identity and the endpoint it accepts connections on; null until started (or outside a cluster).</summary>
    public SiloEndpoint? Endpoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        var directory = _services.GetService<IShardDirectory>();
        var handler = new IncomingCallHandler(_runtime, directory);
        _listener = SiloListener.Start(_options.Host, _options.Port, handler, _status.SiloId, _loggerFactory);
        Endpoint = new SiloEndpoint(_status.SiloId, _listener.Endpoint.Address.ToString(), _listener.Endpoint.Port);
        LogStarted(Endpoint.ToString());
        if (directory is null)
        {
            // Without a directory there is nowhere to forward to: the listener still serves clients, every call runs here.
            LogNoDirectory();
            return Task.CompletedTask;
        }

        var connectTimeout = _runtime.ResponseTimeout < TimeSpan.FromSeconds(5) ? _runtime.ResponseTimeout : TimeSpan.FromSeconds(5);
        _connections = new SiloConnectionPool(_status.SiloId, _runtime.Time, connectTimeout, _loggerFactory.CreateLogger<SiloConnectionPool>());
        _runtime.Router = new RemoteCallRouter(_runtime, directory, _connections, _status.SiloId, _loggerFactory.CreateLogger<RemoteCallRouter>());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        // Connections close before the router goes: a client call arriving in between would otherwise run locally and
        // fail with ShardUnavailableException instead of seeing the gateway leave.
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
            _listener = null;
        }

        _runtime.Router = null;

        if (_connections is not null)
        {
            await _connections.DisposeAsync();
            _connections = null;
        }
    }

    [LoggerMessage(730, LogLevel.Information, "Silo {Endpoint} accepts silo and client connections.")]
    private partial void LogStarted(string endpoint);

    [LoggerMessage(731, LogLevel.Warning, "No shard directory is registered: calls are not forwarded, and a call for a shard this silo does not hold fails with ShardUnavailableException.")]
    private partial void LogNoDirectory();
}
