using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Sessions;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>A session from attach to completion in one silo: downloads, events in order, completion once, generations.</summary>
public sealed class SessionLifecycleTests : SessionTest
{
    [Fact]
    public async Task Tasks_download_then_events_arrive_in_order_and_the_completion_once()
    {
        await Silo.Widget(App, "w1").Register(new WidgetRegistration(App, Kind, "systemSmall", "phone", new Dictionary<string, string>()));
        await Silo.Widget(App, "w2").Register(new WidgetRegistration(App, Kind, "systemSmall", "phone", new Dictionary<string, string>()));
        var session = Session("images");
        var created = await session.Attach(Kind);
        Assert.Equal(SessionAttachOutcome.Created, created.Outcome);
        Assert.Equal(1, created.Status!.Generation);
        Assert.Equal("active", created.Status.State);

        var first = await AddAsync(session, Content.Url("/bytes/1000"), null, "w1");
        var second = await AddAsync(session, Content.Url("/bytes/3000"), "cover", "w2");
        Assert.Equal("t1", first);
        Assert.Equal("cover", second);
        await SettleAsync();

        var received = Handler.Delivered;
        Assert.Equal(4, received.Count);
        Assert.All(received.Take(2), r => Assert.Equal(SessionEventType.DidFinishDownloading, r.Type));
        Assert.Equal(["images/1/cover", "images/1/t1"], received.Take(2).Select(r => r.EventId).Order(StringComparer.Ordinal));
        var byTask = received.Take(2).ToDictionary(r => r.Task!.Id, r => r.Task!);
        Assert.Equal(ContentServer.Content(1000), byTask["t1"].Content);
        Assert.Equal(ContentServer.Content(3000), byTask["cover"].Content);
        Assert.Equal(SessionTaskState.Finished, byTask["cover"].State);
        Assert.Equal(["w2"], byTask["cover"].Widgets);
        Assert.Equal((SessionEventType.DidFinishEvents, "images/1/events"), (received[2].Type, received[2].EventId));
        Assert.Equal((SessionEventType.Completed, "images/1/completion"), (received[3].Type, received[3].EventId));

        var status = await StatusAsync("images");
        Assert.Equal("completed", status.State);
        Assert.Equal("invoked", status.Completion);
        Assert.Equal(2, status.EventsDelivered);
        Assert.True(status.DidFinishEventsDelivered);
        Assert.All(status.Tasks, t => Assert.Equal((SessionTaskState.Finished, 1, true), (t.State, t.Attempts, t.EventDelivered)));
        Assert.Equal(4000, status.Tasks.Sum(t => t.Bytes));
        Assert.Null(status.LastError);

        // The handler reloaded both widgets on didFinishEvents (each once, after the 5-minute spacing); nothing more is delivered.
        await AdvanceAsync(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
        Assert.Equal(4, Handler.All.Count);
        Assert.Equal(2, Provider.RequestsFor(App, "w1").Count);
        Assert.Equal(ReloadReason.AppRequested, Provider.RequestsFor(App, "w1")[1].Reason);
        Assert.Equal(2, Provider.RequestsFor(App, "w2").Count);
        Assert.Equal(1, Content.Hits("/bytes/1000"));
    }

    [Fact]
    public async Task Attach_returns_the_existing_session_refuses_another_kind_and_a_kind_without_handler()
    {
        var session = await AttachAsync("feed");
        await AddAsync(session, Content.Url("/slow/200/10"), "a");
        var again = await Session("feed").Attach(Kind);
        Assert.Equal(SessionAttachOutcome.Attached, again.Outcome);
        Assert.Equal(["a"], again.Status!.Tasks.Select(t => t.Id));

        var conflict = await Session("feed").Attach("other");
        Assert.Equal(SessionAttachOutcome.KindConflict, conflict.Outcome);
        Assert.Contains("belongs to kind 'news'", conflict.Error, StringComparison.Ordinal);

        var noHandler = await Session("plain").Attach("other");
        Assert.Equal(SessionAttachOutcome.Refused, noHandler.Outcome);
        Assert.Contains("no session handler", noHandler.Error, StringComparison.Ordinal);
        Assert.Null(await Session("plain").GetStatus());
        Assert.Equal(SessionAttachOutcome.Refused, (await Session("x").Attach("unknown")).Outcome);
        await SettleAsync();
    }

    [Fact]
    public async Task A_retried_task_id_adds_nothing_and_a_task_after_completion_starts_the_next_generation()
    {
        var session = await AttachAsync("feed");
        Assert.Equal("same", await AddAsync(session, Content.Url("/bytes/10"), "same"));
        var repeat = await session.AddTask(new SessionTaskRequest("same", Content.Url("/bytes/10").ToString(), [], null));
        Assert.Equal((SessionAddOutcome.AlreadyAdded, "same"), (repeat.Outcome, repeat.TaskId));
        await SettleAsync();
        Assert.Single((await StatusAsync("feed")).Tasks);
        Assert.Equal(1, Content.Hits("/bytes/10"));
        Assert.Equal("completed", (await StatusAsync("feed")).State);

        await AddAsync(session, Content.Url("/bytes/20"));
        await SettleAsync();
        var status = await StatusAsync("feed");
        Assert.Equal(2, status.Generation);
        Assert.Equal(["t1"], status.Tasks.Select(t => t.Id));
        Assert.Equal("completed", status.State);
        Assert.Equal(
            ["feed/1/same", "feed/1/events", "feed/1/completion", "feed/2/t1", "feed/2/events", "feed/2/completion"],
            Handler.Delivered.Select(r => r.EventId));
    }

    [Fact]
    public async Task Adding_to_an_unknown_session_is_not_found_and_stores_nothing()
    {
        var added = await Session("nobody").AddTask(new SessionTaskRequest(null, Content.Url("/bytes/10").ToString(), [], null));
        Assert.Equal(SessionAddOutcome.NotFound, added.Outcome);
        Assert.Null(await Session("nobody").GetStatus());
        Assert.Equal(0, Content.TotalHits);
    }
}
