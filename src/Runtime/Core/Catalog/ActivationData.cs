using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Scheduler;
using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Timers;

namespace Orleans.Widgets.Runtime.Catalog;

/// <summary>
/// One activation: the grain instance and its mailbox. Turns run one at a time in arrival order; a call that
/// finds the activation idle runs inline on the caller's thread, the rest queue and are drained on the thread pool.
/// Fields are kept few because a silo holds a million of these.
/// </summary>
internal sealed class ActivationData : IGrainContext, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static ActivationData? t_activating;

    private readonly GrainClassInfo _class;
    private Grain? _grain;
    private WorkItem? _head;
    private WorkItem? _tail;
    private ActivationState _state;
    private bool _running;
    private int _lastActiveQuantum;
    private int _keepAliveUntilQuantum;
    private DeactivationReason? _pendingDeactivation;
    private List<GrainTimer>? _timers;
    private List<IActivationStateLoader>? _states;
    private TaskCompletionSource? _deactivated;
    private Exception? _activationFailure;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, ShardFence fence, SiloRuntime runtime)
    {
        GrainId = grainId;
        _class = grainClass;
        Fence = fence;
        Runtime = runtime;
        _lastActiveQuantum = runtime.Collector.CurrentQuantum;

        // Born running: once published in the directory, a call can find this activation before its creator calls
        // Start, and must queue behind the activation instead of starting a second one on the thread pool. The busy
        // count is told in Start, so an activation that loses the race to be published is never counted.
        _running = true;
    }

    /// <summary>The activation whose grain is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    internal static ActivationData? CurrentlyActivating => t_activating;

    public GrainId GrainId { get; }

    /// <summary>The shard lease this activation was created under; its writes are fenced by it.</summary>
    public ShardFence Fence { get; }

    public SiloRuntime Runtime { get; }

    public object? GrainInstance => _grain;

    public IServiceProvider ActivationServices => Runtime.Services;

    internal Grain GrainInstanceOrThrow => _grain ?? throw new InvalidOperationException($"Activation {GrainId} has no grain instance.");

    internal ActivationState State => _state;

    /// <summary>Completes when the activation has left the catalog.</summary>
    public Task Deactivated
    {
        get
        {
            lock (this)
            {
                if (_state == ActivationState.Invalid)
                {
                    return Task.CompletedTask;
                }

                _deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _deactivated.Task;
            }
        }
    }

    /// <summary>Starts activation on the calling thread; calls that arrive meanwhile queue.</summary>
    public void Start()
    {
        Runtime.Quiescence?.OnActivationBusy(true);
        _ = RunAsync();
    }

    public Task<TResult> Invoke<TResult>(GrainRequest<TResult> request)
    {
        if (request.AlwaysInterleave && CanInterleave())
        {
            return CallTimeout.Apply(InvokeInterleaved(request), Runtime.ResponseTimeout, Runtime.Time, GrainId, request);
        }

        lock (this)
        {
            if (!TryBeginInlineTurnLocked())
            {
                if (_state == ActivationState.Invalid)
                {
                    // A call that met an activation which failed to start gets that failure, not a retry loop.
                    return _activationFailure is { } failure ? Task.FromException<TResult>(failure) : Runtime.InvokeAsync(GrainId, request);
                }

                var item = new RequestWorkItem<TResult>(request);
                EnqueueLocked(item);
                return CallTimeout.Apply(item.Task, Runtime.ResponseTimeout, Runtime.Time, GrainId, request);
            }
        }

        Task<TResult> task;
        try
        {
            task = request.Invoke(_grain!);
        }
        catch (Exception ex)
        {
            task = Task.FromException<TResult>(ex);
        }

        if (task.IsCompleted)
        {
            EndTurn();
            return task;
        }

        // An awaiter's continuation is stored as the delegate itself; ContinueWith allocated a task and a continuation
        // object. The delegate is not cached: a field holding it would stay with every activation.
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(EndTurn);
        return CallTimeout.Apply(task, Runtime.ResponseTimeout, Runtime.Time, GrainId, request);
    }

    public Task Invoke(GrainRequest request)
    {
        if (request.AlwaysInterleave && CanInterleave())
        {
            return CallTimeout.Apply(InvokeInterleaved(request), Runtime.ResponseTimeout, Runtime.Time, GrainId, request);
        }

        lock (this)
        {
            if (!TryBeginInlineTurnLocked())
            {
                if (_state == ActivationState.Invalid)
                {
                    return _activationFailure is { } failure ? Task.FromException(failure) : Runtime.InvokeAsync(GrainId, request);
                }

                var item = new RequestWorkItem(request);
                EnqueueLocked(item);
                return CallTimeout.Apply(item.Task, Runtime.ResponseTimeout, Runtime.Time, GrainId, request);
            }
        }

        Task task;
        try
        {
            task = request.Invoke(_grain!);
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex);
        }

        if (task.IsCompleted)
        {
            EndTurn();
            return task;
        }

        // An awaiter's continuation is stored as the delegate itself; ContinueWith allocated a task and a continuation
        // object. The delegate is not cached: a field holding it would stay with every activation.
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(EndTurn);
        return CallTimeout.Apply(task, Runtime.ResponseTimeout, Runtime.Time, GrainId, request);
    }

    /// <summary>Queues a turn that is not a call (a timer tick). Dropped once the activation is deactivating.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        lock (this)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid || _pendingDeactivation is not null)
            {
                return false;
            }

            EnqueueLocked(item);
            return true;
        }
    }

    public void Deactivate(DeactivationReason reason)
    {
        lock (this)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid || _pendingDeactivation is not null)
            {
                return;
            }

            _pendingDeactivation = reason;
            if (!_running)
            {
                SetRunning(true);
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var quanta = (int)Math.Ceiling(timeSpan / Runtime.Collector.Quantum);
        lock (this)
        {
            _keepAliveUntilQuantum = Math.Max(_keepAliveUntilQuantum, Runtime.Collector.CurrentQuantum + quanta);
        }
    }

    /// <summary>Deactivates the activation if it has been idle for <paramref name="ageQuanta"/> collection quanta.</summary>
    public bool TryCollect(int currentQuantum, int ageQuanta)
    {
        lock (this)
        {
            if (_state != ActivationState.Valid || _running || _head is not null || _pendingDeactivation is not null
                || currentQuantum - _lastActiveQuantum < ageQuanta || currentQuantum < _keepAliveUntilQuantum)
            {
                return false;
            }
        }

        Deactivate(new DeactivationReason(DeactivationReasonCode.ActivationIdle, "The activation was idle longer than the collection age."));
        return true;
    }

    internal GrainTimer AddTimer(GrainTimer timer)
    {
        lock (this)
        {
            (_timers ??= []).Add(timer);
        }

        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (this)
        {
            _timers?.Remove(timer);
        }
    }

    internal IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
        => AddTimer(GrainTimer.Start(this, callback, state, dueTime, period));

    /// <summary>Registers a persistent state to be read before <c>OnActivateAsync</c>.</summary>
    internal void AddStateLoader(IActivationStateLoader state)
    {
        if (t_activating != this)
        {
            throw new InvalidOperationException("Persistent state can only be created while the grain is constructed.");
        }

        (_states ??= []).Add(state);
    }

    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    /// <summary>An <c>[AlwaysInterleave]</c> call runs at once, alongside whatever turn is in progress.</summary>
    /// <remarks>
    /// Read without the activation's lock: the answer can be stale the moment it is returned whether or not the lock
    /// is held, and a hot activation (a coalescer many widgets enqueue on) made every caller queue on that lock.
    /// </remarks>
    private bool CanInterleave()
        => _state == ActivationState.Valid && !_pendingDeactivation.HasValue;

    private Task<TResult> InvokeInterleaved<TResult>(GrainRequest<TResult> request)
    {
        try
        {
            return request.Invoke(_grain!);
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }
    }

    private Task InvokeInterleaved(GrainRequest request)
    {
        try
        {
            return request.Invoke(_grain!);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Marks the activation busy or idle; on a simulated clock the silo counts busy activations.</summary>
    private void SetRunning(bool running)
    {
        if (_running != running)
        {
            _running = running;
            Runtime.Quiescence?.OnActivationBusy(running);
        }
    }

    private bool TryBeginInlineTurnLocked()
    {
        if (_state != ActivationState.Valid || _running || _head is not null || _pendingDeactivation is not null)
        {
            return false;
        }

        SetRunning(true);
        _lastActiveQuantum = Runtime.Collector.CurrentQuantum;
        return true;
    }

    private void EnqueueLocked(WorkItem item)
    {
        if (_tail is null)
        {
            _head = _tail = item;
        }
        else
        {
            _tail.Next = item;
            _tail = item;
        }

        if (!_running)
        {
            SetRunning(true);
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private WorkItem? DequeueLocked()
    {
        var item = _head;
        if (item is not null)
        {
            _head = item.Next;
            item.Next = null;
            if (_head is null)
            {
                _tail = null;
            }
        }

        return item;
    }

    private WorkItem? DetachQueueLocked()
    {
        var head = _head;
        _head = _tail = null;
        return head;
    }

    private void EndTurn()
    {
        lock (this)
        {
            if (_head is null && _pendingDeactivation is null)
            {
                SetRunning(false);
                return;
            }
        }

        // Others queued behind this turn: drain them on the pool rather than on the caller's thread.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private async Task RunAsync()
    {
        if (_state == ActivationState.Activating && !await ActivateAsync())
        {
            return;
        }

        DeactivationReason reason;
        while (true)
        {
            WorkItem? item;
            lock (this)
            {
                if (_pendingDeactivation is { } pending)
                {
                    _state = ActivationState.Deactivating;
                    reason = pending;
                    break;
                }

                item = DequeueLocked();
                if (item is null)
                {
                    SetRunning(false);
                    return;
                }

                if (item.KeepsAlive)
                {
                    _lastActiveQuantum = Runtime.Collector.CurrentQuantum;
                }
            }

            await item.ExecuteAsync(this);
        }

        await DeactivateAsync(reason);
    }

    private async Task<bool> ActivateAsync()
    {
        try
        {
            t_activating = this;
            try
            {
                _grain = _class.Activator(Runtime.Services, this);
            }
            finally
            {
                t_activating = null;
            }

            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    await state.LoadAsync(Runtime.StoppingToken);
                }
            }

            await _grain.OnActivateAsync(Runtime.StoppingToken);
            lock (this)
            {
                _state = ActivationState.Valid;
            }

            RuntimeInstruments.ActivationsCreated.Add(1);
            return true;
        }
        catch (Exception ex)
        {
            RuntimeInstruments.ActivationsFailed.Add(1);
            Runtime.LogActivationFailed(ex, GrainId);
            _activationFailure = ex;
            var pending = Close();
            for (var item = pending; item is not null;)
            {
                var next = item.Next;
                item.Next = null;
                item.Fail(ex);
                item = next;
            }

            return false;
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        StopTimers();
        try
        {
            await _grain!.OnDeactivateAsync(reason, Runtime.StoppingToken).WaitAsync(Runtime.DeactivationTimeout, Runtime.Time);
        }
        catch (Exception ex)
        {
            Runtime.LogDeactivationFailed(ex, GrainId, reason.ToString());
        }

        RuntimeInstruments.ActivationsDeactivated.Add(1, new KeyValuePair<string, object?>("reason", reason.ReasonCode.ToString()));
        var pending = Close();
        for (var item = pending; item is not null;)
        {
            var next = item.Next;
            item.Next = null;
            item.Redirect(Runtime, GrainId);
            item = next;
        }
    }

    /// <summary>Leaves the catalog and returns the calls that were still queued.</summary>
    private WorkItem? Close()
    {
        Runtime.Catalog.Remove(this);
        WorkItem? pending;
        TaskCompletionSource? deactivated;
        lock (this)
        {
            _state = ActivationState.Invalid;
            SetRunning(false);
            pending = DetachQueueLocked();
            deactivated = _deactivated;
        }

        StopTimers();
        deactivated?.TrySetResult();
        return pending;
    }

    private void StopTimers()
    {
        GrainTimer[] timers;
        lock (this)
        {
            if (_timers is null || _timers.Count == 0)
            {
                return;
            }

            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
