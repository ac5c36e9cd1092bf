using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Reminders;

/// <summary>Durable reminders on a fake clock, run on every store.</summary>
public abstract class ReminderTests : IAsyncLifetime
{
    private readonly SimulatedTimeProvider _time = FakeClock.Create();
    private readonly SiloStorage _storage;
    private TestSilo _silo = null!;

    protected ReminderTests(SiloStorage storage) => _storage = storage;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(_time, new Dictionary<string, string?>(_storage.Settings)
    {
        ["Widgets:Reminders:Horizon"] = "00:01:00",
        ["Widgets:Reminders:LoadPeriod"] = "00:00:10",
        ["Widgets:Reminders:TickInterval"] = "00:00:00.100",
    });

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _storage.DisposeAsync();
    }

    private async Task AdvanceAsync(TimeSpan delta)
    {
        // Step so the loader and the wheel both run, then let deliveries finish.
        var step = TimeSpan.FromSeconds(1);
        for (var moved = TimeSpan.Zero; moved < delta; moved += step)
        {
            _time.Advance(step < delta - moved ? step : delta - moved);
            await _silo.Runtime.Reminders.WhenIdleAsync();

            // A load that finished after this step's ticks is picked up without moving the clock.
            _silo.Runtime.Reminders.Tick();
            await _silo.Runtime.Reminders.WhenIdleAsync();
        }
    }

    [Fact]
    public async Task One_shot_reminder_fires_once_at_its_due_time_then_is_gone()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("once");
        await grain.RegisterReminder("ping", TimeSpan.FromMinutes(5), TimeSpan.Zero);
        Assert.Equal(["ping"], await grain.ReminderNames());

        await AdvanceAsync(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        Assert.Empty(await grain.Ticks());

        await AdvanceAsync(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => grain.Ticks().Result.Count == 1, "one tick");
        var tick = (await grain.Ticks())[0];
        Assert.Equal("ping", tick.Name);
        Assert.InRange(tick.Lateness, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));

        await Eventually.TrueAsync(() => grain.ReminderNames().Result.Count == 0, "one-shot removed");
        await AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Single(await grain.Ticks());
    }

    [Fact]
    public async Task Periodic_reminder_ticks_every_period_and_survives_deactivation()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("periodic");
        await grain.RegisterReminder("beat", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        await AdvanceAsync(TimeSpan.FromSeconds(61));
        await Eventually.TrueAsync(() => grain.Ticks().Result.Count == 1, "first tick");

        await grain.Deactivate();
        await AdvanceAsync(TimeSpan.FromMinutes(4));
        await Eventually.TrueAsync(() => grain.Ticks().Result.Count == 3, "three ticks");
        var ticks = await grain.Ticks();
        Assert.Equal(TimeSpan.FromMinutes(2), ticks[1].Due - ticks[0].Due);
        Assert.Equal(TimeSpan.FromMinutes(2), ticks[2].Due - ticks[1].Due);
    }

    [Fact]
    public async Task Unregistered_reminder_does_not_fire()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("unregistered");
        await grain.RegisterReminder("a", TimeSpan.FromSeconds(30), TimeSpan.Zero);
        await grain.RegisterReminder("b", TimeSpan.FromSeconds(30), TimeSpan.Zero);
        await grain.Unregister("a");
        await AdvanceAsync(TimeSpan.FromSeconds(40));
        await Eventually.TrueAsync(() => grain.Ticks().Result.Count == 1, "only b");
        Assert.Equal("b", (await grain.Ticks())[0].Name);
    }

    [Fact]
    public async Task Re_registering_replaces_the_due_time()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("moved");
        await grain.RegisterReminder("r", TimeSpan.FromSeconds(20), TimeSpan.Zero);
        await grain.RegisterReminder("r", TimeSpan.FromMinutes(3), TimeSpan.Zero);
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Empty(await grain.Ticks());
        await AdvanceAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => grain.Ticks().Result.Count == 1, "moved tick");
    }

    [Fact]
    public async Task A_one_shot_reminder_registered_again_while_handling_its_tick_fires_again_at_its_new_time()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("rearmed");
        await grain.RegisterRearmingReminder("again", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
        await AdvanceAsync(TimeSpan.FromSeconds(31));
        await Eventually.TrueAsync(() => grain.Ticks().Result.Count == 1, "first tick");

        // The tick's acknowledgement must not remove the registration made while handling it.
        await _silo.Runtime.Reminders.WhenIdleAsync();
        Assert.Equal(["again"], await grain.ReminderNames());
        await grain.Deactivate();
        await AdvanceAsync(TimeSpan.FromSeconds(57)); // the tick was handled at 30-31 s, so the next is due at 90-91 s
        Assert.Single(await grain.Ticks());
        await AdvanceAsync(TimeSpan.FromSeconds(4));
        await Eventually.TrueAsync(() => grain.Ticks().Result.Count == 2, "second tick");
        var ticks = await grain.Ticks();
        Assert.InRange(ticks[1].Due - ticks[0].Due, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(2));
        Assert.Equal(["again"], await grain.ReminderNames());
    }

    [Fact]
    public async Task Clearing_state_declared_to_remove_reminders_removes_them()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("cleared");
        await grain.Set("x");
        await grain.RegisterReminder("soon", TimeSpan.FromSeconds(20), TimeSpan.Zero);
        await grain.RegisterReminder("later", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(5));
        await grain.Clear();
        Assert.Empty(await grain.ReminderNames());
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Empty(await grain.Ticks());
    }

    [Fact]
    public async Task Bad_reminder_arguments_are_refused()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("bad");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.RegisterReminder("n", TimeSpan.FromSeconds(-1), TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.RegisterReminder("n", TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));
        await Assert.ThrowsAsync<ArgumentException>(() => grain.RegisterReminder(new string('x', 201), TimeSpan.Zero, TimeSpan.Zero));
        Assert.Empty(await grain.ReminderNames());
    }
}

public sealed class MemoryReminderTests() : ReminderTests(SiloStorage.Memory());

public sealed class SqliteReminderTests() : ReminderTests(SiloStorage.Sqlite());

public sealed class PostgresReminderTests() : ReminderTests(SiloStorage.Postgres());
