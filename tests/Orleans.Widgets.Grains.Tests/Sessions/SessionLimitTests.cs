using Orleans.Widgets.Grains.Sessions;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>Downloads within the limits: size cut off, timeout on the runtime's clock, redirects, tasks per session.</summary>
public sealed class SessionLimitTests : SessionTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Widgets:Sessions:MaxContentBytes"] = "10000",
        ["Widgets:Sessions:MaxRedirects"] = "2",
        ["Widgets:Sessions:MaxTasksPerSession"] = "4",
        ["Widgets:Sessions:MaxAttempts"] = "1",
    };

    [Fact]
    public async Task Content_over_the_size_limit_is_cut_off_and_fails_with_a_clear_reason()
    {
        var session = await AttachAsync("big");
        await AddAsync(session, Content.Url("/bytes/10000"), "exact");
        await AddAsync(session, Content.Url("/bytes/10001"), "announced");
        await AddAsync(session, Content.Url("/huge/5000000"), "chunked");
        await SettleAsync();

        var tasks = (await StatusAsync("big")).Tasks.ToDictionary(t => t.Id);
        Assert.Equal((SessionTaskState.Finished, 10000L), (tasks["exact"].State, tasks["exact"].Bytes));
        Assert.Equal((SessionTaskState.Failed, "content exceeds 10000 bytes", 1), (tasks["announced"].State, tasks["announced"].Failure, tasks["announced"].Attempts));
        Assert.Equal((SessionTaskState.Failed, "content exceeds 10000 bytes", 0L), (tasks["chunked"].State, tasks["chunked"].Failure, tasks["chunked"].Bytes));
        Assert.Equal("completed", (await StatusAsync("big")).State);
    }

    [Fact]
    public async Task A_download_that_does_not_finish_within_the_timeout_fails_on_the_runtimes_clock()
    {
        var session = await AttachAsync("slow");
        await AddAsync(session, Content.Url("/slow/600000/10"), "stuck");
        await Eventually.TrueAsync(() => Content.Hits("/slow/600000/10") == 1, "the download reaches the server");

        await Silo.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Equal(SessionTaskState.Running, (await StatusAsync("slow")).Tasks[0].State);
        await Silo.AdvanceAsync(TimeSpan.FromSeconds(2));
        await SettleAsync();
        var task = (await StatusAsync("slow")).Tasks[0];
        Assert.Equal((SessionTaskState.Failed, "gave up after 1 attempts: timed out after 30 s"), (task.State, task.Failure));
        Assert.Equal("completed", (await StatusAsync("slow")).State);
    }

    [Fact]
    public async Task Redirects_are_followed_up_to_the_limit_and_every_hop_is_checked()
    {
        var session = await AttachAsync("hops");
        await AddAsync(session, Content.Url("/redirect/2"), "two");
        await AddAsync(session, Content.Url("/redirect/3"), "three");
        await AddAsync(session, Content.Url("/redirect/1?to=http://10.1.2.3/x"), "private");
        await AddAsync(session, Content.Url("/redirect/1?to=ftp://example.com/x"), "scheme");
        await SettleAsync();

        var tasks = (await StatusAsync("hops")).Tasks.ToDictionary(t => t.Id);
        Assert.Equal((SessionTaskState.Finished, 16L), (tasks["two"].State, tasks["two"].Bytes));
        Assert.Equal((SessionTaskState.Failed, "more than 2 redirects"), (tasks["three"].State, tasks["three"].Failure));
        Assert.Equal(SessionTaskState.Failed, tasks["private"].State);
        Assert.Contains("refused: address 10.1.2.3 is in a private or reserved network", tasks["private"].Failure, StringComparison.Ordinal);
        Assert.Contains("refused: scheme 'ftp' is not allowed", tasks["scheme"].Failure, StringComparison.Ordinal);
        Assert.Equal(1, Content.Hits("/bytes/16"));
    }

    [Fact]
    public async Task A_session_holds_at_most_the_task_limit_and_a_refused_task_changes_nothing()
    {
        var session = await AttachAsync("many");
        for (var i = 0; i < 4; i++)
        {
            await AddAsync(session, Content.Url($"/slow/100/{i + 1}"));
        }

        var over = await session.AddTask(new SessionTaskRequest(null, Content.Url("/bytes/5").ToString(), [], null));
        Assert.Equal(SessionAddOutcome.Refused, over.Outcome);
        Assert.Equal("a session holds at most 4 tasks", over.Error);
        Assert.Equal(4, (await StatusAsync("many")).Tasks.Count);

        // A task id already there is a repeat, not a fifth task, even at the limit.
        Assert.Equal(SessionAddOutcome.AlreadyAdded, (await session.AddTask(new SessionTaskRequest("t2", Content.Url("/bytes/5").ToString(), [], null))).Outcome);
        await SettleAsync();
        Assert.Equal(0, Content.Hits("/bytes/5"));
        Assert.Equal("completed", (await StatusAsync("many")).State);
    }

    [Fact]
    public async Task Headers_go_to_the_tasks_origin()
    {
        var session = await AttachAsync("auth");
        var added = await session.AddTask(new SessionTaskRequest("h", Content.Url("/bytes/8").ToString(), [], new Dictionary<string, string> { ["Authorization"] = "Bearer abc", ["X-Trace"] = "1" }));
        Assert.Equal(SessionAddOutcome.Added, added.Outcome);
        await SettleAsync();
        var headers = Content.LastHeaders("/bytes/8")!;
        Assert.Equal("Bearer abc", headers["Authorization"]);
        Assert.Equal("1", headers["X-Trace"]);

        var refused = await session.AddTask(new SessionTaskRequest("bad", Content.Url("/bytes/8").ToString(), [], new Dictionary<string, string> { ["Host"] = "evil.example" }));
        Assert.Equal(SessionAddOutcome.Refused, refused.Outcome);
        Assert.Contains("header 'Host' is set by the runtime", refused.Error, StringComparison.Ordinal);
    }
}
