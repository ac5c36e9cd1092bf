using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime.Catalog;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Messaging;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Reminders;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime;

/// <summary>
/// The silo's runtime: delivers grain calls to activations and holds the parts an activation needs (catalog,
/// leases, storage writers, reminders). Created by DI; the store-backed parts are attached when the silo starts.
/// </summary>
internal sealed partial class SiloRuntime : IGrainCallInvoker, IShardLocator
{
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private StoreServices? _storeServices;
    private RemoteCallRouter? _router;

    public SiloRuntime(
        IServiceProvider services,
        GrainTypeManager grainTypes,
        ActivationCollector collector,
        IGrainStateSerializer serializer,
        IOptions<MessagingOptions> messaging,
        IOptions<GrainCollectionOptions> collection,
        TimeProvider time,
        ILogger<SiloRuntime> logger)
    {
        Services = services;
        GrainTypes = grainTypes;
        Collector = collector;
        Serializer = serializer;
        Time = time;
        ResponseTimeout = messaging.Value.ResponseTimeout;
        DeactivationTimeout = collection.Value.DeactivationTimeout;
        _logger = logger;
        Catalog = new ActivationDirectory(this);
        Quiescence = time is SimulatedTimeProvider ? new Scheduler.SiloQuiescence(() => _storeServices?.Reminders) : null;
        GrainFactory = new GrainFactory(this, grainTypes);
        LocalInvoker = new LocalCallInvoker(this);
    }

    /// <summary>Delivers calls to this silo's activations only, never forwarding (for calls other silos sent here).</summary>
    public IGrainCallInvoker LocalInvoker { get; }

    /// <summary>Forwards calls for shards held elsewhere; null outside a cluster (every call is local).</summary>
    public RemoteCallRouter? Router
    {
        get => Volatile.Read(ref _router);
        set => Volatile.Write(ref _router, value);
    }

    public IServiceProvider Services { get; }

    public GrainTypeManager GrainTypes { get; }

    public ActivationCollector Collector { get; }

    public IGrainStateSerializer Serializer { get; }

    public TimeProvider Time { get; }

    public TimeSpan ResponseTimeout { get; }

    public TimeSpan DeactivationTimeout { get; }

    public ActivationDirectory Catalog { get; }

    /// <summary>Counts busy activations when the clock is simulated; <see langword="null"/> otherwise.</summary>
    public Scheduler.SiloQuiescence? Quiescence { get; }

    public IGrainFactory GrainFactory { get; }

    public CancellationToken StoppingToken => _stopping.Token;

    public ShardLeaseManager Leases => Attached.Leases;

    public GroupCommitWriter Writer => Attached.Writer;

    public IRuntimeStore Store => Attached.Store;

    public IGrainStateStore StateStore => Attached.Store.States;

    public ReminderService Reminders => Attached.Reminders;

    /// <summary>The current lease owner: this silo's incarnation id.</summary>
    public string Owner => Attached.Local.Id;

    /// <summary>Whether the silo has opened its store and can take calls.</summary>
    public bool IsStarted => _storeServices is not null;

    private StoreServices Attached => _storeServices ?? throw new InvalidOperationException("The silo has not started.");

    /// <summary>Binds the runtime to its store once the silo has opened it.</summary>
    public void Attach(LocalSilo local, IRuntimeStore store, ShardLeaseManager leases, GroupCommitWriter writer, ReminderService reminders)
        => _storeServices = new StoreServices(local, store, leases, writer, reminders);

    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        var router = Volatile.Read(ref _router);
        return router is not null && IsRemote(target, out var shard)
            ? router.InvokeAsync<TResult>(target, shard, request)
            : InvokeLocalAsync(target, request);
    }

    public Task InvokeAsync(GrainId target, GrainRequest request)
    {
        var router = Volatile.Read(ref _router);
        return router is not null && IsRemote(target, out var shard)
            ? router.InvokeAsync<object?>(target, shard, request)
            : InvokeLocalAsync(target, request);
    }

    /// <summary>Whether <paramref name="target"/> has no activation here and its shard is held elsewhere.</summary>
    private bool IsRemote(GrainId target, out int shard)
    {
        if (Catalog.TryGet(target, out _))
        {
            shard = 0;
            return false;
        }

        var leases = Leases;
        shard = leases.Map.GetShard(target);
        return !leases.TryGetEpoch(shard, out _);
    }

    private Task<TResult> InvokeLocalAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        ActivationData activation;
        try
        {
            activation = Catalog.GetOrCreate(target);
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }

        return RuntimeInstruments.ActivitySource.HasListeners()
            ? InvokeTracedAsync(activation, request)
            : activation.Invoke(request);
    }

    private Task InvokeLocalAsync(GrainId target, GrainRequest request)
    {
        ActivationData activation;
        try
        {
            activation = Catalog.GetOrCreate(target);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }

        return RuntimeInstruments.ActivitySource.HasListeners()
            ? InvokeTracedAsync(activation, request)
            : activation.Invoke(request);
    }

    public void SignalStopping() => _stopping.Cancel();

    public int ShardCount => Leases.Map.ShardCount;

    public int GetShard(GrainId grainId) => Leases.Map.GetShard(grainId);

    private static async Task<TResult> InvokeTracedAsync<TResult>(ActivationData activation, GrainRequest<TResult> request)
    {
        using var activity = StartCallActivity(activation, request);
        try
        {
            return await activation.Invoke(request);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message).SetTag("error.type", ex.GetType().FullName);
            throw;
        }
    }

    private static async Task InvokeTracedAsync(ActivationData activation, GrainRequest request)
    {
        using var activity = StartCallActivity(activation, request);
        try
        {
            await activation.Invoke(request);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message).SetTag("error.type", ex.GetType().FullName);
            throw;
        }
    }

    private static System.Diagnostics.Activity? StartCallActivity(ActivationData activation, GrainRequestBase request)
    {
        var activity = RuntimeInstruments.ActivitySource.StartActivity(request.ToString(), System.Diagnostics.ActivityKind.Internal);
        activity?.SetTag("rpc.system.name", "orleans.widgets")
            .SetTag("rpc.method", request.ToString())
            .SetTag("widgets.grain.type", activation.GrainId.Type.Value);
        return activity;
    }

    private sealed class LocalCallInvoker(SiloRuntime runtime) : IGrainCallInvoker
    {
        public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request) => runtime.InvokeLocalAsync(target, request);

        public Task InvokeAsync(GrainId target, GrainRequest request) => runtime.InvokeLocalAsync(target, request);
    }

    private sealed record StoreServices(LocalSilo Local, IRuntimeStore Store, ShardLeaseManager Leases, GroupCommitWriter Writer, ReminderService Reminders);

    [LoggerMessage(100, LogLevel.Warning, "Activation of {GrainId} failed.")]
    internal partial void LogActivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(101, LogLevel.Warning, "OnDeactivateAsync of {GrainId} failed ({Reason}).")]
    internal partial void LogDeactivationFailed(Exception exception, GrainId grainId, string reason);

    [LoggerMessage(102, LogLevel.Warning, "A timer callback of {GrainId} failed.")]
    internal partial void LogTimerFailed(Exception exception, GrainId grainId);

    [LoggerMessage(103, LogLevel.Warning, "Shutdown stopped waiting for {Count} activations to deactivate.")]
    internal partial void LogShutdownTimedOut(int count);

    [LoggerMessage(104, LogLevel.Warning, "Stopped waiting for {Count} activations of shards leaving this silo to deactivate.")]
    internal partial void LogDrainTimedOut(int count);
}
