using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Widgets.Runtime.Storage.GroupCommit;

namespace Orleans.Widgets.Runtime.Tests.Storage;

public sealed class GroupCommitQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OperationsQueuedDuringAFlush_GoOutTogetherInTheNext()
    {
        var flushes = new GatedFlush();
        await using var queue = Queue(flushes, batching: true, maxBatchSize: 100);

        var first = queue.EnqueueAsync(new Op("a", 0));
        await flushes.WaitForFlushesAsync(1);
        var rest = Enumerable.Range(1, 9).Select(i => queue.EnqueueAsync(new Op("k" + i, i))).ToArray();
        flushes.Open();
        await Task.WhenAll(rest.Append(first)).WaitAsync(Timeout);

        Assert.Equal([1, 9], flushes.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task Batches_RespectMaxBatchSize()
    {
        var flushes = new GatedFlush();
        await using var queue = Queue(flushes, batching: true, maxBatchSize: 4);

        var first = queue.EnqueueAsync(new Op("a", 0));
        await flushes.WaitForFlushesAsync(1);
        var rest = Enumerable.Range(1, 9).Select(i => queue.EnqueueAsync(new Op("k" + i, i))).ToArray();
        flushes.Open();
        await Task.WhenAll(rest.Append(first)).WaitAsync(Timeout);

        Assert.Equal([1, 4, 4, 1], flushes.Batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 10), flushes.Batches.SelectMany(b => b).Select(o => o.Sequence));
    }

    [Fact]
    public async Task OperationsOnOneKey_NeverShareABatch_AndKeepTheirOrder()
    {
        var flushes = new GatedFlush();
        await using var queue = Queue(flushes, batching: true, maxBatchSize: 100);

        var tasks = new List<Task> { queue.EnqueueAsync(new Op("a", 1)) };
        await flushes.WaitForFlushesAsync(1);
        tasks.Add(queue.EnqueueAsync(new Op("b", 2)));
        tasks.Add(queue.EnqueueAsync(new Op("a", 3)));
        tasks.Add(queue.EnqueueAsync(new Op("a", 4)));
        tasks.Add(queue.EnqueueAsync(new Op("c", 5)));
        flushes.Open();
        await Task.WhenAll(tasks).WaitAsync(Timeout);

        Assert.Equal(
            [[1], [2, 3, 5], [4]],
            flushes.Batches.Select(b => b.Select(o => o.Sequence).ToArray()).ToArray());
    }

    [Fact]
    public async Task TwoBatchesInFlight_NeverHoldOneKeyAtOnce_AndKeepItsOrder()
    {
        var flushes = new GatedFlush();
        await using var queue = new GroupCommitQueue<Op, string>(flushes.FlushAsync, o => o.Key, "state", batching: true, maxBatchSize: 100, maxConcurrentFlushes: 32, concurrentBatches: 2);

        var tasks = new List<Task> { queue.EnqueueAsync(new Op("a", 1)) };
        await flushes.WaitForFlushesAsync(1);
        tasks.Add(queue.EnqueueAsync(new Op("b", 2)));
        await flushes.WaitForFlushesAsync(2);

        // Both flushes are busy: these wait, and "a" again waits for its first write's batch as well.
        tasks.Add(queue.EnqueueAsync(new Op("a", 3)));
        tasks.Add(queue.EnqueueAsync(new Op("c", 4)));
        Assert.Equal(2, flushes.InFlight);
        flushes.Open();
        await Task.WhenAll(tasks).WaitAsync(Timeout);

        // Which flush ends first decides how the last two are batched; "a" is written in order either way.
        Assert.Equal(2, flushes.MaxInFlight);
        var batches = flushes.Batches.Select(b => b.Select(o => o.Sequence).ToArray()).ToList();
        Assert.Equal([1, 2, 3, 4], batches.SelectMany(b => b).Order());
        Assert.Equal([[1], [2]], batches.Take(2));
        Assert.True(batches.FindIndex(b => b.Contains(3)) > batches.FindIndex(b => b.Contains(1)));
    }

    [Fact]
    public async Task AFailedFlush_FaultsEveryOperationOfItsBatch_AndTheQueueGoesOn()
    {
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var queue = new GroupCommitQueue<Op, string>(
            async (batch, _) =>
            {
                var call = Interlocked.Increment(ref calls);
                await gate.Task;
                if (call == 2)
                {
                    throw new InvalidOperationException("disk on fire");
                }
            },
            o => o.Key,
            "state",
            batching: true,
            maxBatchSize: 100,
            maxConcurrentFlushes: 1);

        var first = queue.EnqueueAsync(new Op("a", 1));
        var second = queue.EnqueueAsync(new Op("b", 2));
        var third = queue.EnqueueAsync(new Op("c", 3));
        gate.SetResult();

        await first.WaitAsync(Timeout);
        var e2 = await Assert.ThrowsAsync<InvalidOperationException>(() => second.WaitAsync(Timeout));
        var e3 = await Assert.ThrowsAsync<InvalidOperationException>(() => third.WaitAsync(Timeout));
        Assert.Equal("disk on fire", e2.Message);
        Assert.Same(e2, e3);

        await queue.EnqueueAsync(new Op("d", 4)).WaitAsync(Timeout);
    }

    [Fact]
    public async Task WithoutBatching_EachOperationFlushesAlone_Concurrently()
    {
        var flushes = new GatedFlush();
        await using var queue = Queue(flushes, batching: false, maxBatchSize: 100, maxConcurrentFlushes: 3);

        var tasks = Enumerable.Range(0, 5).Select(i => queue.EnqueueAsync(new Op("k" + i, i))).ToArray();
        await flushes.WaitForFlushesAsync(3);
        Assert.Equal(3, flushes.InFlight);
        flushes.Open();
        await Task.WhenAll(tasks).WaitAsync(Timeout);

        Assert.Equal(5, flushes.Batches.Count);
        Assert.All(flushes.Batches, b => Assert.Single(b));
        Assert.Equal(3, flushes.MaxInFlight);
    }

    [Fact]
    public async Task Dispose_DrainsPendingOperations_ThenRefusesNewOnes()
    {
        var flushes = new GatedFlush();
        var queue = Queue(flushes, batching: true, maxBatchSize: 100);
        var tasks = Enumerable.Range(0, 5).Select(i => queue.EnqueueAsync(new Op("k" + i, i))).ToArray();
        await flushes.WaitForFlushesAsync(1);

        var disposing = queue.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        flushes.Open();
        await disposing.WaitAsync(Timeout);

        Assert.All(tasks, t => Assert.True(t.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queue.EnqueueAsync(new Op("x", 9)));
    }

    [Fact]
    public async Task Flushes_RecordBatchSizeAndDuration()
    {
        var sizes = new ConcurrentBag<(int Size, object? Operation)>();
        var durations = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StorageInstruments.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "widgets.storage.batch.size")
            {
                var operation = tags.ToArray().FirstOrDefault(t => t.Key == StorageInstruments.OperationTag).Value;
                sizes.Add((value, operation));
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            if (instrument.Name == "widgets.storage.flush.duration")
            {
                Interlocked.Increment(ref durations);
            }
        });
        listener.Start();

        await using (var queue = new GroupCommitQueue<Op, string>((_, _) => Task.CompletedTask, o => o.Key, "reminder-metrics-test", true, 10, 1))
        {
            await queue.EnqueueAsync(new Op("a", 1)).WaitAsync(Timeout);
        }

        Assert.Contains((1, (object?)"reminder-metrics-test"), sizes);
        Assert.True(durations >= 1);
    }

    private static GroupCommitQueue<Op, string> Queue(GatedFlush flushes, bool batching, int maxBatchSize, int maxConcurrentFlushes = 8)
        => new(flushes.FlushAsync, o => o.Key, "state", batching, maxBatchSize, maxConcurrentFlushes);

    private sealed record Op(string Key, int Sequence);

    /// <summary>A flush that records its batches and waits at a gate, so tests control when flushes finish.</summary>
    private sealed class GatedFlush
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _sync = new();
        private int _started;
        private int _inFlight;

        public List<IReadOnlyList<Op>> Batches { get; } = [];

        public int InFlight => Volatile.Read(ref _inFlight);

        public int MaxInFlight { get; private set; }

        public void Open() => _gate.TrySetResult();

        public async Task FlushAsync(IReadOnlyList<Op> batch, CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                Batches.Add([.. batch]);
                _started++;
                _inFlight++;
                MaxInFlight = Math.Max(MaxInFlight, _inFlight);
            }

            await _gate.Task;
            lock (_sync)
            {
                _inFlight--;
            }
        }

        public async Task WaitForFlushesAsync(int count)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (Volatile.Read(ref _started) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Expected {count} flushes to start.");
                await Task.Delay(5);
            }
        }
    }
}
