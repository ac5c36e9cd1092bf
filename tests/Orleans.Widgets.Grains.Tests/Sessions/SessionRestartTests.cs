using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Grains.Sessions;
using Orleans.Widgets.Grains.Tests.Domain;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>
/// A silo on SQLite that crashes with a download in flight: after the restart the session and its tasks are there,
/// the download resumes and finishes, and the events and the completion are delivered once.
/// </summary>
public sealed class SessionRestartTests : SessionTest
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "widgets-sessions-" + Guid.NewGuid().ToString("N"));
    private SimulatedTimeProvider _time = FakeClock.Create();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Widgets:Storage:Provider"] = "Sqlite",
        ["Widgets:Storage:DataDirectory"] = _directory,
    };

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Content = await ContentServer.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await Content.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_download_cut_by_a_crash_resumes_after_the_restart_and_completes_once(bool providerReattaches)
    {
        Silo = await StartSiloAsync(_time);
        try
        {
            await Silo.CreateAppAsync(App, KindWithHandler(Kind));
            var session = await AttachAsync("images");
            await AddAsync(session, Content.Url("/bytes/200"), "quick", "w1");
            await AddAsync(session, Content.Url("/slowfirst/cut/30000/500"), "cut", "w2");
            await Eventually.TrueAsync(
                () => Handler.Delivered.Count == 1 && Content.Hits("/slowfirst/cut/30000/500") == 1,
                "the quick task's event is delivered and the slow download is in flight");
            var before = await StatusAsync("images");
            Assert.Equal(SessionTaskState.Running, before.Tasks.Single(t => t.Id == "cut").State);
        }
        finally
        {
            await Silo.CrashAsync();
        }

        _time = new SimulatedTimeProvider(_time.GetUtcNow() + TimeSpan.FromSeconds(10));
        await using (Silo = await StartSiloAsync(_time))
        {
            if (providerReattaches)
            {
                // The provider comes back and asks for its session by identifier: it gets the existing one.
                var attached = await Session("images").Attach(Kind);
                Assert.Equal(SessionAttachOutcome.Attached, attached.Outcome);
                Assert.Equal(1, attached.Status!.Generation);
                Assert.Equal(["quick", "cut"], attached.Status.Tasks.Select(t => t.Id));
                Assert.True(attached.Status.Tasks[0].EventDelivered);
            }
            else
            {
                // Nothing calls the session: its reminder brings it back.
                await AdvanceAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));
            }

            await SettleAsync();
            var status = await StatusAsync("images");
            Assert.Equal("completed", status.State);
            var cut = status.Tasks.Single(t => t.Id == "cut");
            Assert.Equal((SessionTaskState.Finished, 2, 500L), (cut.State, cut.Attempts, cut.Bytes));
            Assert.Equal(2, Content.Hits("/slowfirst/cut/30000/500"));
            Assert.Equal(1, Content.Hits("/bytes/200"));

            Assert.Equal(["images/1/quick", "images/1/cut", "images/1/events", "images/1/completion"], Handler.Delivered.Select(r => r.EventId));
            Assert.Equal(ContentServer.Content(500), Handler.Delivered[1].Task!.Content);

            await AdvanceAsync(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1));
            Assert.Single(Handler.All, r => r.Type == SessionEventType.Completed);
            Assert.Equal(0, Silo.Services.GetRequiredService<SessionWork>().Outstanding);
        }
    }
}
