using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// When <see cref="ClusterOptions.Enabled"/>: listens on <see cref="ClusterOptions.Host"/>:<see cref="ClusterOptions.Port"/>
/// for silos and clients and routes calls for shards held elsewhere through the <see cref="IShardDirectory"/> (when one
/// is registered). It binds before any hosted service starts, so the membership row the silo registers carries the
/// bound port; until the silo holds leases, calls from other silos are answered "not the owner". It stops accepting
/// before any hosted service stops, so no call arrives while the silo hands its shards back, and drops its outgoing
/// connections after every hosted service stopped, so the silo's grains can call out while they deactivate.
/// </summary>
internal sealed partial class ClusterTransport : IHostedLifecycleService, IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly IServiceProvider _services;
    private readonly ClusterOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private SiloListener? _listener;
    private SiloConnectionPool? _connections;

    private readonly LocalSilo _local;

    public ClusterTransport(SiloRuntime runtime, LocalSilo local, IServiceProvider services, IOptions<ClusterOptions> options, ILoggerFactory loggerFactory)
    {
        _runtime = runtime;
        _local = local;
        _services = services;
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ClusterTransport>();
    }

    /// <summary>This silo's identity and the endpoint it accepts connections on; null until started (or outside a cluster).</summary>
    public SiloEndpoint? Endpoint => _listener is { } listener
        ? new SiloEndpoint(_local.Id, listener.Endpoint.Address.ToString(), listener.Endpoint.Port)
        : null;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        var directory = _services.GetService<IShardDirectory>();
        var handler = new IncomingCallHandler(_runtime, directory);
        _listener = SiloListener.Start(_options.Host, _options.Port, handler, () => _local.Id, _loggerFactory);
        _local.SetPort(_listener.Endpoint.Port);
        LogStarted(Endpoint!.ToString());
        if (directory is null)
        {
            // Without a directory there is nowhere to forward to: the listener still serves clients, every call runs here.
            LogNoDirectory();
            return Task.CompletedTask;
        }

        var connectTimeout = _runtime.ResponseTimeout < TimeSpan.FromSeconds(5) ? _runtime.ResponseTimeout : TimeSpan.FromSeconds(5);
        _connections = new SiloConnectionPool(() => _local.Id, _runtime.Time, connectTimeout, _loggerFactory.CreateLogger<SiloConnectionPool>());
        _runtime.Router = new RemoteCallRouter(_runtime, directory, _connections, () => _local.Id, _loggerFactory.CreateLogger<RemoteCallRouter>());
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
            _listener = null;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync();

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
