using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Reminders;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Hosting;

/// <summary>
/// Starts and stops the silo in order. Start: open the store, check the schema, join the cluster (when clustered),
/// take the shard leases, load reminders, start collection. Stop: stop reminders, deactivate every activation (their
/// final writes go through), flush, hand the leases back, leave the cluster, close the store.
/// </summary>
internal sealed partial class SiloLifecycle : IHostedService, IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly SiloStatus _status;
    private readonly LocalSilo _local;
    private readonly ShardDirectory _directory;
    private readonly StorageOptions _storage;
    private readonly ClusterOptions _cluster;
    private readonly IOptions<LeaseOptions> _leaseOptions;
    private readonly ReminderOptions _reminderOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly RuntimeStoreOpener _openStore;
    private IRuntimeStore? _store;
    private ShardLeaseManager? _leases;
    private GroupCommitWriter? _writer;
    private ReminderService? _reminders;
    private MembershipService? _membership;

    public SiloLifecycle(
        SiloRuntime runtime,
        SiloStatus status,
        LocalSilo local,
        ShardDirectory directory,
        IOptions<StorageOptions> storage,
        IOptions<ClusterOptions> cluster,
        IOptions<LeaseOptions> leaseOptions,
        IOptions<ReminderOptions> reminderOptions,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        RuntimeStoreOpener? openStore = null)
    {
        _openStore = openStore ?? RuntimeStoreFactory.OpenAsync;
        _runtime = runtime;
        _status = status;
        _local = local;
        _directory = directory;
        _storage = storage.Value;
        _cluster = cluster.Value;
        _leaseOptions = leaseOptions;
        _reminderOptions = reminderOptions.Value;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SiloLifecycle>();
    }

    /// <summary>The membership service once a clustered silo has started; <see langword="null"/> otherwise.</summary>
    internal MembershipService? Membership => _membership;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartCoreAsync(cancellationToken);
        }
        catch
        {
            // A silo that fails to start must not keep the store (and SQLite's file lock) or its leases.
            _status.SetNotReady("failed to start");
            if (_leases is not null)
            {
                await _leases.StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (_membership is not null)
            {
                await _membership.LeaveAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_cluster.Enabled && _storage.Provider == StorageProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"{ClusterOptions.SectionName}:Enabled needs a store the silos share: set {StorageOptions.SectionName}:Provider=Postgres " +
                "(a SQLite file belongs to one silo).");
        }

        _status.SetNotReady("opening the store");
        _store = await _openStore(_storage, _time, cancellationToken);
        _status.StoreDescription = _store.Description;
        LogStore(_status.SiloId, _store.Description);

        await CheckSchemaAsync(_store, cancellationToken);

        _leases = new ShardLeaseManager(_store, _local, _leaseOptions, _cluster.Enabled, _time, _loggerFactory.CreateLogger<ShardLeaseManager>());
        _directory.Attach(_store, _leases);
        _writer = new GroupCommitWriter(_store, () => _local.Id, _storage);
        _reminders = new ReminderService(_runtime, _store.Reminders, _writer, _leases, _reminderOptions, _time, _loggerFactory.CreateLogger<ReminderService>());
        _runtime.Attach(_local, _store, _leases, _writer, _reminders);
        _leases.ShardsLost += _runtime.Catalog.DeactivateShards;
        _leases.SnapshotRead += _directory.Update;
        _leases.DrainShards = shards => _runtime.Catalog.WhenShardsDeactivatedAsync(shards, _runtime.DeactivationTimeout);
        if (_cluster.Enabled)
        {
            _status.SetNotReady("joining the cluster");
            var leases = _leases;
            _membership = new MembershipService(_store.Membership, _local, _cluster, _time, _loggerFactory.CreateLogger<MembershipService>())
            {
                Evicted = _ => leases.DropAllAsync("the cluster declared this silo dead"),
                Rejoined = leases.ResumeAsync,
                ActivationCount = () => _runtime.Catalog.Count,
            };
            await _membership.JoinAsync(cancellationToken);
        }

        _status.SetNotReady("taking shard leases");
        await _leases.StartAsync(_storage.ShardCount, cancellationToken);

        await _directory.RefreshAsync(cancellationToken);
        _status.SetNotReady("loading reminders");
        await _reminders.StartAsync(cancellationToken);
        _runtime.Collector.Start(() => _runtime.Catalog.Activations);
        if (_membership is not null)
        {
            await _membership.MarkActiveAsync(cancellationToken);
        }

        var started = _leases;
        _status.SetReady(() => started.UnbalancedReason);
        LogStarted(_leases.HeldCount);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _status.SetNotReady("stopping");
        LogStopping();
        if (_reminders is not null)
        {
            await _reminders.StopAsync();
        }

        await _runtime.Collector.DisposeAsync();
        await _runtime.Catalog.DeactivateAllAsync(_runtime.DeactivationTimeout, cancellationToken);
        _runtime.SignalStopping();
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        if (_leases is not null)
        {
            await _leases.StopAsync(cancellationToken);
        }

        // Left only after the leases are back: the others then count one silo less and take them at once.
        if (_membership is not null)
        {
            try
            {
                await _membership.LeaveAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Out of time for a graceful stop: the others declare this silo dead once its heartbeat is old enough.
                LogLeaveSkipped();
            }
        }

        await DisposeAsync();
        LogStopped();
    }

    public async ValueTask DisposeAsync()
    {
        if (_membership is not null)
        {
            await _membership.DisposeAsync();
            _membership = null;
        }

        if (_reminders is not null)
        {
            await _reminders.DisposeAsync();
            _reminders = null;
        }

        if (_leases is not null)
        {
            await _leases.DisposeAsync();
            _leases = null;
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }
    }

    private async Task CheckSchemaAsync(IRuntimeStore store, CancellationToken cancellationToken)
    {
        var version = await store.Schema.GetVersionAsync(cancellationToken);
        var required = store.Schema.RequiredVersion;
        if (version > required)
        {
            throw new InvalidOperationException($"The database schema is at version {version}, newer than this build understands ({required}). Run a newer silo.");
        }

        if (version < required)
        {
            if (!_storage.EffectiveAutoMigrate)
            {
                throw new InvalidOperationException(
                    $"The database schema is at version {version} but this silo needs {required}. Run the 'migrate' command first " +
                    $"(or set {StorageOptions.SectionName}:AutoMigrate=true).");
            }

            var migrated = await store.Schema.MigrateAsync(cancellationToken);
            LogMigrated(version, migrated);
        }
    }

    [LoggerMessage(300, LogLevel.Information, "Silo {SiloId} stores its data in {Store}.")]
    private partial void LogStore(string siloId, string store);

    [LoggerMessage(301, LogLevel.Information, "Migrated the database schema from version {From} to {To}.")]
    private partial void LogMigrated(int from, int to);

    [LoggerMessage(302, LogLevel.Information, "Silo started: holding {Shards} shards.")]
    private partial void LogStarted(int shards);

    [LoggerMessage(303, LogLevel.Information, "Silo stopping: deactivating grains and flushing writes.")]
    private partial void LogStopping();

    [LoggerMessage(304, LogLevel.Information, "Silo stopped.")]
    private partial void LogStopped();

    [LoggerMessage(305, LogLevel.Warning, "The graceful stop ran out of time before this silo could mark itself left; the cluster will declare it dead.")]
    private partial void LogLeaveSkipped();
}
