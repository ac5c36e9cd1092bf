using System.Diagnostics;

namespace Orleans.Widgets.Runtime.Storage.GroupCommit;

/// <summary>
/// Group commit: operations queued while a flush runs go out together in the next one, so throughput
/// follows the store's bulk rate instead of its single-transaction rate. There is no timer: a lone
/// operation flushes at once, and batches grow only with concurrency.
/// </summary>
/// <remarks>
/// Two operations with the same key never share a batch, and the later waits until the earlier's batch is
/// done, so per-key order is kept (a store batch must not hold two writes on one row), also with several
/// batches in flight. With batching off,
/// every operation flushes alone, up to <c>maxConcurrentFlushes</c> at a time, for comparison.
/// </remarks>
internal sealed class GroupCommitQueue<TOperation, TKey> : IAsyncDisposable
    where TKey : notnull
{
    private readonly Func<IReadOnlyList<TOperation>, CancellationToken, Task> _flush;
    private readonly Func<TOperation, TKey> _keySelector;
    private readonly int _maxBatchSize;
    private readonly int _maxConcurrentFlushes;
    private readonly KeyValuePair<string, object?> _operationTag;
    private readonly string _operationName;
    private readonly object _sync = new();
    private readonly LinkedList<Entry> _pending = new();
    private readonly HashSet<TKey> _keysInFlight = [];
    private int _flushesInFlight;
    private TaskCompletionSource? _idle;
    private bool _disposed;

    /// <param name="flush">Writes one batch; a throw faults every operation of that batch.</param>
    /// <param name="keySelector">The row an operation writes (compared with the key type's default equality).</param>
    /// <param name="operationName">The <c>store.operation</c> tag of metrics and spans: <c>state</c> or <c>reminder</c>.</param>
    /// <param name="batching">Whether to batch (group commit on) or flush each operation alone.</param>
    /// <param name="maxBatchSize">Most operations per batch when batching.</param>
    /// <param name="maxConcurrentFlushes">Flushes in flight at once when not batching (the connection pool's size).</param>
    /// <param name="concurrentBatches">Batches in flight at once when batching (each on its own connection).</param>
    public GroupCommitQueue(
        Func<IReadOnlyList<TOperation>, CancellationToken, Task> flush,
        Func<TOperation, TKey> keySelector,
        string operationName,
        bool batching,
        int maxBatchSize,
        int maxConcurrentFlushes,
        int concurrentBatches = 1)
    {
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrentFlushes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrentBatches);
        _flush = flush;
        _keySelector = keySelector;
        _operationName = operationName;
        _operationTag = new(StorageInstruments.OperationTag, operationName);
        _maxBatchSize = batching ? maxBatchSize : 1;
        _maxConcurrentFlushes = batching ? concurrentBatches : maxConcurrentFlushes;
    }

    /// <summary>Queues <paramref name="operation"/>; the task completes when the batch holding it has been flushed.</summary>
    /// <exception cref="ObjectDisposedException">The queue is disposed.</exception>
    public Task EnqueueAsync(TOperation operation, CancellationToken cancellationToken = default)
    {
        var entry = new Entry(operation, _keySelector(operation));
        List<Entry[]> batches;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled(cancellationToken);
            }

            entry.Node = _pending.AddLast(entry);
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            batches = TakeBatches();
        }

        if (cancellationToken.CanBeCanceled && entry.Node is not null)
        {
            // Only a still-queued operation can be withdrawn; once in a batch it is the store's.
            entry.Cancellation = cancellationToken.Register(static state => ((GroupCommitQueue<TOperation, TKey>)((object[])state!)[0]).Withdraw((Entry)((object[])state!)[1]), new object[] { this, entry });
        }

        Start(batches);
        return entry.Completion.Task;
    }

    /// <summary>Completes when everything queued so far (and anything queued meanwhile) has been flushed.</summary>
    public Task FlushAsync()
    {
        lock (_sync)
        {
            return _idle?.Task ?? Task.CompletedTask;
        }
    }

    /// <summary>Refuses new operations and waits for the queued ones to be flushed.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            _disposed = true;
        }

        await FlushAsync();
    }

    private void Withdraw(Entry entry)
    {
        lock (_sync)
        {
            if (entry.Node is null)
            {
                return;
            }

            _pending.Remove(entry.Node);
            entry.Node = null;
            SignalIdleIfDone();
        }

        entry.Completion.TrySetCanceled();
    }

    // Called under _sync: forms as many batches as may start now.
    private List<Entry[]> TakeBatches()
    {
        List<Entry[]>? batches = null;
        while (_flushesInFlight < _maxConcurrentFlushes && _pending.Count > 0)
        {
            var batch = new List<Entry>(Math.Min(_maxBatchSize, _pending.Count));
            var node = _pending.First;
            while (node is not null && batch.Count < _maxBatchSize)
            {
                var next = node.Next;
                if (_keysInFlight.Add(node.Value.Key))
                {
                    _pending.Remove(node);
                    node.Value.Node = null;
                    batch.Add(node.Value);
                }

                node = next;
            }

            if (batch.Count == 0)
            {
                break;
            }

            _flushesInFlight++;
            (batches ??= []).Add([.. batch]);
        }

        return batches ?? [];
    }

    private void Start(List<Entry[]> batches)
    {
        foreach (var batch in batches)
        {
            // Off the caller's thread: the caller is usually a grain turn, and the flush may run synchronous I/O.
            _ = Task.Run(() => FlushBatchAsync(batch));
        }
    }

    private async Task FlushBatchAsync(Entry[] batch)
    {
        var operations = new TOperation[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            operations[i] = batch[i].Operation;
            batch[i].Cancellation.Dispose();
        }

        Exception? failure = null;
        using (var activity = StorageInstruments.ActivitySource.StartActivity("storage.flush", ActivityKind.Internal))
        {
            activity?.SetTag(StorageInstruments.OperationTag, _operationName);
            activity?.SetTag(StorageInstruments.BatchSizeTag, batch.Length);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _flush(operations, CancellationToken.None);
            }
            catch (Exception e)
            {
                failure = e;
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                activity?.SetTag("error.type", e.GetType().FullName);
            }

            StorageInstruments.FlushDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _operationTag);
            StorageInstruments.BatchSize.Record(batch.Length, _operationTag);
        }

        // Callers complete before the queue can report idle, so FlushAsync and DisposeAsync mean "every caller has its answer".
        foreach (var entry in batch)
        {
            if (failure is null)
            {
                entry.Completion.TrySetResult();
            }
            else
            {
                entry.Completion.TrySetException(failure);
            }
        }

        List<Entry[]> next;
        lock (_sync)
        {
            foreach (var entry in batch)
            {
                _keysInFlight.Remove(entry.Key);
            }

            _flushesInFlight--;
            next = TakeBatches();
            SignalIdleIfDone();
        }

        Start(next);
    }

    // Called under _sync.
    private void SignalIdleIfDone()
    {
        if (_pending.Count == 0 && _flushesInFlight == 0 && _idle is not null)
        {
            _idle.TrySetResult();
            _idle = null;
        }
    }

    private sealed class Entry(TOperation operation, TKey key)
    {
        public TOperation Operation { get; } = operation;

        public TKey Key { get; } = key;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Entry>? Node { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
