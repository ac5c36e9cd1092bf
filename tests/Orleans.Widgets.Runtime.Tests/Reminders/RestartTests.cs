using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Reminders;

/// <summary>A silo on a real SQLite file stops and a new one starts on the same data: nothing registered is lost.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("widgets-restart-").FullName;
    private readonly SimulatedTimeProvider _time = FakeClock.Create();

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private Task<TestSilo> StartAsync() => TestSilo.StartAsync(_time, new Dictionary<string, string?>
    {
        ["Widgets:Storage:Provider"] = "Sqlite",
        ["Widgets:Storage:DataDirectory"] = _dataDirectory,
        ["Widgets:Reminders:TickInterval"] = "00:00:00.100",
    });

    [Fact]
    public async Task State_and_reminders_survive_a_restart_and_a_missed_tick_fires_late()
    {
        await using (var first = await StartAsync())
        {
            var grain = first.GrainFactory.GetGrain<IStatefulGrain>("durable");
            await grain.Set("kept");
            await grain.RegisterReminder("after-restart", TimeSpan.FromMinutes(10), TimeSpan.Zero);
            await grain.RegisterReminder("periodic", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        }

        // The silo is down while the one-shot reminder falls due.
        _time.Advance(TimeSpan.FromMinutes(15));

        await using var second = await StartAsync();
        var again = second.GrainFactory.GetGrain<IStatefulGrain>("durable");
        Assert.Equal("kept", await again.Get());
        _time.Advance(TimeSpan.FromSeconds(1));
        await second.Runtime.Reminders.WhenIdleAsync();
        await Eventually.TrueAsync(() => again.Ticks().Result.Count == 1, "late tick after restart");
        var tick = (await again.Ticks())[0];
        Assert.Equal("after-restart", tick.Name);
        Assert.InRange(tick.Lateness, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
        Assert.Equal(["periodic"], await again.ReminderNames());
    }

    [Fact]
    public async Task A_second_silo_cannot_open_the_same_data_directory()
    {
        await using var first = await StartAsync();
        var ex = await Assert.ThrowsAnyAsync<InvalidOperationException>(StartAsync);
        Assert.Contains(_dataDirectory, ex.Message, StringComparison.Ordinal);
    }
}
