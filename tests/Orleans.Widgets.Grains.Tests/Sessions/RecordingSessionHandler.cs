using System.Collections.Concurrent;
using Orleans.Widgets.Grains.Sessions;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>An in-process session handler that records every call, can be made to throw, and reloads the tasks' widgets on didFinishEvents.</summary>
public sealed class RecordingSessionHandler : ISessionEventHandler
{
    public const string Name = "recorder";

    private readonly ConcurrentQueue<Received> _received = new();
    private int _failures;

    /// <summary>One call: its type, event id and (didFinishDownloading) task; <see cref="Failed"/> if it threw.</summary>
    public sealed record Received(SessionEventType Type, string EventId, SessionTaskEvent? Task, bool Failed);

    /// <summary>The next <paramref name="calls"/> calls throw.</summary>
    public void FailNext(int calls) => Volatile.Write(ref _failures, calls);

    public IReadOnlyList<Received> All => [.. _received];

    /// <summary>Calls that did not throw.</summary>
    public IReadOnlyList<Received> Delivered => [.. _received.Where(r => !r.Failed)];

    public Task DidFinishDownloadingAsync(SessionEventContext context, SessionTaskEvent task, CancellationToken cancellationToken)
        => Record(SessionEventType.DidFinishDownloading, context, task);

    public async Task DidFinishEventsAsync(SessionEventContext context, CancellationToken cancellationToken)
    {
        await Record(SessionEventType.DidFinishEvents, context, null);
        await context.WidgetCenter.ReloadTimelinesAsync(context.Tasks.SelectMany(t => t.Widgets), cancellationToken);
    }

    public Task CompletedAsync(SessionEventContext context, CancellationToken cancellationToken)
        => Record(SessionEventType.Completed, context, null);

    private Task Record(SessionEventType type, SessionEventContext context, SessionTaskEvent? task)
    {
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            _received.Enqueue(new Received(type, context.EventId, task, Failed: true));
            throw new InvalidOperationException("the handler is down");
        }

        _received.Enqueue(new Received(type, context.EventId, task, Failed: false));
        return Task.CompletedTask;
    }
}
