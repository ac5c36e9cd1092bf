using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Grains.Demo;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Grains.Tests.Providers;

/// <summary>The worked example: a character's health regenerates 25 % per hour.</summary>
public sealed class GameTimelineProviderTests
{
    private static readonly DateTimeOffset T0 = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _clock = new(T0);
    private readonly GameWorld _world;
    private readonly GameTimelineProvider _provider;

    public GameTimelineProviderTests()
    {
        _world = new GameWorld(_clock);
        _provider = new GameTimelineProvider(_world);
    }

    private TimelineContext Context(string character = "panda") =>
        new("game-app", GameTimelineProvider.Kind, "w1", "systemSmall", new Dictionary<string, string> { ["character"] = character }, _clock.GetUtcNow());

    private Task<Timeline> TimelineAsync(string character = "panda") =>
        _provider.GetTimelineAsync(Context(character), ReloadReason.Policy, CancellationToken.None);

    private static string[] Contents(Timeline timeline) => [.. timeline.Entries.Select(entry => entry.Content.GetRawText())];

    [Fact]
    public async Task At_25_percent_four_hourly_entries_then_atEnd()
    {
        _world.SetHealth("panda", 25);
        var timeline = await TimelineAsync();

        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2), T0.AddHours(3)], timeline.Entries.Select(entry => entry.Date));
        Assert.Equal(
            [
                """{"character":"panda","health":25,"inBattle":false}""",
                """{"character":"panda","health":50,"inBattle":false}""",
                """{"character":"panda","health":75,"inBattle":false}""",
                """{"character":"panda","health":100,"inBattle":false}""",
            ],
            Contents(timeline));
        Assert.Equal(ReloadPolicy.AtEnd, timeline.Policy);
        Assert.Equal(T0.AddHours(3), timeline.NextReloadByPolicy(T0));
        Assert.Null(TimelineValidator.Validate(timeline, T0));
    }

    [Fact]
    public async Task At_full_health_one_entry_and_never()
    {
        _world.SetHealth("panda", 100);
        var timeline = await TimelineAsync();

        Assert.Equal([T0], timeline.Entries.Select(entry => entry.Date));
        Assert.Equal(["""{"character":"panda","health":100,"inBattle":false}"""], Contents(timeline));
        Assert.Equal(ReloadPolicy.Never, timeline.Policy);
    }

    [Fact]
    public async Task After_the_last_entry_the_reload_finds_full_health()
    {
        _world.SetHealth("panda", 25);
        var first = await TimelineAsync();
        _clock.Advance(first.NextReloadByPolicy(T0)!.Value - T0);

        var second = await TimelineAsync();
        Assert.Equal([T0.AddHours(3)], second.Entries.Select(entry => entry.Date));
        Assert.Equal(ReloadPolicy.Never, second.Policy);
    }

    [Fact]
    public async Task Health_between_steps_ends_with_an_entry_when_health_is_full()
    {
        _world.SetHealth("panda", 30);
        var timeline = await TimelineAsync();
        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2), T0.AddMinutes(168)], timeline.Entries.Select(entry => entry.Date));
        Assert.Equal("""{"character":"panda","health":100,"inBattle":false}""", Contents(timeline)[^1]);
    }

    [Fact]
    public async Task A_dragon_battle_gives_after_its_end_then_atEnd_then_a_potion_gives_never()
    {
        _world.SetHealth("panda", 50);
        _clock.Advance(TimeSpan.FromMinutes(30));
        _world.StartDragonBattle("panda");
        var battleStart = _clock.GetUtcNow();

        var inBattle = await TimelineAsync();
        Assert.Equal([battleStart], inBattle.Entries.Select(entry => entry.Date));
        Assert.Equal(["""{"character":"panda","health":62.5,"inBattle":true}"""], Contents(inBattle));
        Assert.Equal(ReloadPolicy.After(battleStart.AddHours(2)), inBattle.Policy);

        // No regeneration during the battle; afterwards atEnd again until full health.
        _clock.Advance(TimeSpan.FromHours(2));
        var afterBattle = await TimelineAsync();
        Assert.Equal(ReloadPolicy.AtEnd, afterBattle.Policy);
        Assert.Equal("""{"character":"panda","health":62.5,"inBattle":false}""", Contents(afterBattle)[0]);
        Assert.Equal(_clock.GetUtcNow().AddHours(1.5), afterBattle.Entries[^1].Date);

        _clock.Advance(TimeSpan.FromMinutes(10));
        _world.DrinkHealingPotion("panda");
        var healed = await TimelineAsync();
        Assert.Equal(["""{"character":"panda","health":100,"inBattle":false}"""], Contents(healed));
        Assert.Equal(ReloadPolicy.Never, healed.Policy);
    }

    [Fact]
    public async Task The_configuration_selects_the_character_and_an_unknown_one_fails_alone()
    {
        _world.SetHealth("panda", 25);
        _world.SetHealth("fox", 100);
        var batch = new TimelineBatch("game-app", GameTimelineProvider.Kind,
        [
            new TimelineRequest("w1", "systemSmall", new Dictionary<string, string> { ["character"] = "panda" }, ReloadReason.Added, T0),
            new TimelineRequest("w2", "systemSmall", new Dictionary<string, string> { ["character"] = "ghost" }, ReloadReason.Added, T0),
            new TimelineRequest("w3", "systemMedium", new Dictionary<string, string> { ["character"] = "fox" }, ReloadReason.Added, T0),
            new TimelineRequest("w4", "systemMedium", new Dictionary<string, string>(), ReloadReason.Added, T0),
        ]);

        var results = await _provider.GetTimelinesAsync(batch, CancellationToken.None);
        Assert.Equal(4, results[0].Timeline!.Entries.Count);
        Assert.Equal("the provider failed: The game has no character named 'ghost'.", results[1].Error);
        Assert.Equal(ReloadPolicy.Never, results[2].Timeline!.Policy);
        Assert.StartsWith("the provider failed: The widget's configuration has no 'character'.", results[3].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Placeholder_and_snapshot()
    {
        _world.SetHealth("panda", 75);
        Assert.Equal("""{"character":"panda","health":100,"inBattle":false}""", _provider.Placeholder(Context()).Content.GetRawText());
        var snapshot = await _provider.GetSnapshotAsync(Context(), CancellationToken.None);
        Assert.Equal(T0, snapshot.Date);
        Assert.Equal("""{"character":"panda","health":75,"inBattle":false}""", snapshot.Content.GetRawText());
    }

    [Fact]
    public async Task The_demo_registers_the_game_provider_by_name()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddGameDemo();
        await using var serviceProvider = services.BuildServiceProvider();

        var provider = serviceProvider.GetRequiredService<ITimelineProviderResolver>().Resolve("game-app", GameTimelineProvider.KindSettings);
        var results = await provider.GetTimelinesAsync(
            new TimelineBatch("game-app", GameTimelineProvider.Kind, [new TimelineRequest("w1", "systemSmall", new Dictionary<string, string> { ["character"] = "panda" }, ReloadReason.Added, T0)]),
            CancellationToken.None);

        // Seeded with panda at 25 %.
        Assert.Equal(4, results[0].Timeline!.Entries.Count);
        Assert.Equal(ReloadPolicy.AtEnd, results[0].Timeline!.Policy);
        Assert.Same(serviceProvider.GetRequiredService<GameWorld>(), serviceProvider.GetRequiredService<GameWorld>());
    }
}
