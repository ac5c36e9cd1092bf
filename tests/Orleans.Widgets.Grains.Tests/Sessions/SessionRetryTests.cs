using Orleans.Widgets.Grains.Sessions;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>Transient download failures and failed event deliveries are retried with backoff; the completion stays once.</summary>
public sealed class SessionRetryTests : SessionTest
{
    [Fact]
    public async Task A_download_answered_503_is_retried_with_backoff_and_finishes()
    {
        var session = await AttachAsync("feed");
        await AddAsync(session, Content.Url("/flaky/f/2/300"), "f");
        await SettleAsync();
        var waiting = (await StatusAsync("feed")).Tasks.Single();
        Assert.Equal((SessionTaskState.Pending, 1), (waiting.State, waiting.Attempts));
        Assert.Contains("HTTP 503", waiting.Failure, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", (await StatusAsync("feed")).LastError, StringComparison.Ordinal);

        // The second attempt 5 s later, the third 10 s after that.
        await AdvanceAsync(TimeSpan.FromSeconds(4));
        Assert.Equal(1, Content.Hits("/flaky/f/2/300"));
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(2, Content.Hits("/flaky/f/2/300"));
        await AdvanceAsync(TimeSpan.FromSeconds(8));
        Assert.Equal(2, Content.Hits("/flaky/f/2/300"));
        await AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(3, Content.Hits("/flaky/f/2/300"));

        var status = await StatusAsync("feed");
        Assert.Equal("completed", status.State);
        Assert.Equal((SessionTaskState.Finished, 3, 300L), (status.Tasks[0].State, status.Tasks[0].Attempts, status.Tasks[0].Bytes));
        Assert.Equal(ContentServer.Content(300), Handler.Delivered[0].Task!.Content);
    }

    [Fact]
    public async Task A_download_that_keeps_failing_fails_after_the_last_attempt_and_its_event_still_arrives()
    {
        var session = await AttachAsync("feed");
        await AddAsync(session, Content.Url("/status/502"), "down");
        await AddAsync(session, Content.Url("/status/404"), "gone");
        await AdvanceAsync(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(5));

        var status = await StatusAsync("feed");
        var down = status.Tasks.Single(t => t.Id == "down");
        Assert.Equal((SessionTaskState.Failed, 5), (down.State, down.Attempts));
        Assert.Equal("gave up after 5 attempts: HTTP 502 from 127.0.0.1", down.Failure);
        var gone = status.Tasks.Single(t => t.Id == "gone");
        Assert.Equal((SessionTaskState.Failed, 1, "HTTP 404 from 127.0.0.1"), (gone.State, gone.Attempts, gone.Failure));
        Assert.Equal(5, Content.Hits("/status/502"));
        Assert.Equal(1, Content.Hits("/status/404"));
        Assert.Equal("completed", status.State);
        Assert.Equal(["feed/1/gone", "feed/1/down", "feed/1/events", "feed/1/completion"], Handler.Delivered.Select(r => r.EventId));
        Assert.All(Handler.Delivered.Take(2), r => Assert.Equal(SessionTaskState.Failed, r.Task!.State));
        Assert.Null(Handler.Delivered[0].Task!.Content);
    }

    [Fact]
    public async Task A_handler_that_throws_gets_the_event_again_after_backoff_and_the_completion_once()
    {
        Handler.FailNext(2);
        var session = await AttachAsync("feed");
        await AddAsync(session, Content.Url("/bytes/50"), "a");
        await SettleAsync();
        var status = await StatusAsync("feed");
        Assert.Equal("deliveringEvents", status.State);
        Assert.False(status.Tasks[0].EventDelivered);
        Assert.Contains("the handler is down", status.LastError, StringComparison.Ordinal);
        Assert.Single(Handler.All);

        await AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, Handler.All.Count);
        await AdvanceAsync(TimeSpan.FromSeconds(9));
        Assert.Equal(2, Handler.All.Count);
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(
            [(SessionEventType.DidFinishDownloading, true), (SessionEventType.DidFinishDownloading, true), (SessionEventType.DidFinishDownloading, false), (SessionEventType.DidFinishEvents, false), (SessionEventType.Completed, false)],
            Handler.All.Select(r => (r.Type, r.Failed)));
        Assert.All(Handler.All.Take(3), r => Assert.Equal("feed/1/a", r.EventId));

        status = await StatusAsync("feed");
        Assert.Equal(("completed", "invoked"), (status.State, status.Completion));
        Assert.Null(status.LastError);
        await AdvanceAsync(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        Assert.Equal(5, Handler.All.Count);
        Assert.Equal(1, Content.Hits("/bytes/50"));
    }

    [Fact]
    public async Task A_remote_callback_answering_500_gets_the_event_again_and_the_completion_is_delivered_once()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await Silo.CreateAppAsync(App, KindWithHandler(Kind, callback: receiver.Url));
        receiver.FailNext(1);
        var session = await AttachAsync("remote");
        await AddAsync(session, Content.Url("/bytes/40"), "a", "w1");
        await SettleAsync();
        Assert.Equal(["didFinishDownloading"], receiver.Calls.Select(c => c.Type));
        Assert.Contains("HTTP 500", (await StatusAsync("remote")).LastError, StringComparison.Ordinal);

        // The retry is delivered; then the completion fails once and is retried too.
        receiver.FailNext(1, "completed");
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["didFinishDownloading", "didFinishDownloading", "didFinishEvents", "completed"], receiver.Calls.Select(c => c.Type));
        Assert.Equal("deliveringEvents", (await StatusAsync("remote")).State);
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["didFinishDownloading", "didFinishEvents", "completed"], receiver.Delivered.Select(c => c.Type));
        Assert.Equal(["remote/1/a", "remote/1/events", "remote/1/completion"], receiver.Delivered.Select(c => c.EventId));
        Assert.Equal(ContentServer.Content(40), receiver.Delivered[0].Event.GetProperty("task").GetProperty("content").GetBytesFromBase64());
        Assert.Equal("completed", (await StatusAsync("remote")).State);

        await AdvanceAsync(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1));
        Assert.Single(receiver.Delivered, c => c.Type == "completed");
        Assert.Equal(5, receiver.Calls.Count);
    }
}
