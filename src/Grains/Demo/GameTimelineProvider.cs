using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;

namespace Orleans.Widgets.Grains.Demo;

/// <summary>
/// The game widget of the worked example, a built-in provider named <see cref="Name"/>: it shows a character's
/// health (configuration key <see cref="CharacterKey"/>), which regenerates 25 % per hour.
/// </summary>
/// <remarks>
/// Below full health outside a battle: an entry now and one per hour until full health (the last at the instant
/// health is full), policy <c>atEnd</c>. At full health: one entry, <c>never</c>. In a battle: one entry and
/// <c>after(battle end)</c>.
/// </remarks>
public sealed class GameTimelineProvider : InProcessTimelineProvider
{
    /// <summary>The provider's built-in name (<c>KindSettings.BuiltinProvider</c>).</summary>
    public const string Name = "game";

    /// <summary>The demo's widget kind.</summary>
    public const string Kind = "com.mygame.character-detail";

    /// <summary>The configuration key that selects the character.</summary>
    public const string CharacterKey = "character";

    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    private readonly GameWorld _world;

    /// <summary>Creates the provider over <paramref name="world"/>.</summary>
    public GameTimelineProvider(GameWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        _world = world;
    }

    /// <summary>Settings of the demo kind served by this provider.</summary>
    public static KindSettings KindSettings { get; } = new() { Kind = Kind, BuiltinProvider = Name };

    /// <inheritdoc />
    public override TimelineEntry Placeholder(TimelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.Configuration.TryGetValue(CharacterKey, out var character) ? character : string.Empty;
        return Entry(context.Now, new GameCharacter(name, GameWorld.FullHealth, null));
    }

    /// <inheritdoc />
    public override Task<Timeline> GetTimelineAsync(TimelineContext context, ReloadReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var character = FindCharacter(context);
        return Task.FromResult(Build(character, context.Now));
    }

    /// <inheritdoc />
    public override Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Entry(context.Now, FindCharacter(context)));
    }

    /// <summary>The timeline of <paramref name="character"/> as it is at <paramref name="now"/>.</summary>
    public static Timeline Build(GameCharacter character, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(character);
        if (character.BattleEndsAt is { } battleEnd)
        {
            return new Timeline([Entry(now, character)], ReloadPolicy.After(battleEnd));
        }

        if (character.Health >= GameWorld.FullHealth)
        {
            return new Timeline([Entry(now, character with { Health = GameWorld.FullHealth })], ReloadPolicy.Never);
        }

        var entries = new List<TimelineEntry>();
        var missing = GameWorld.FullHealth - character.Health;
        var untilFull = TimeSpan.FromHours(missing / GameWorld.RegenerationPerHour);
        for (var offset = TimeSpan.Zero; offset < untilFull; offset += Step)
        {
            var health = character.Health + (GameWorld.RegenerationPerHour * offset.TotalHours);
            entries.Add(Entry(now + offset, character with { Health = health }));
        }

        entries.Add(Entry(now + untilFull, character with { Health = GameWorld.FullHealth }));
        return new Timeline(entries, ReloadPolicy.AtEnd);
    }

    private GameCharacter FindCharacter(TimelineContext context)
    {
        if (!context.Configuration.TryGetValue(CharacterKey, out var name) || string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"The widget's configuration has no '{CharacterKey}'.", nameof(context));
        }

        return _world.Find(name, context.Now)
            ?? throw new KeyNotFoundException($"The game has no character named '{name}'.");
    }

    private static TimelineEntry Entry(DateTimeOffset date, GameCharacter character) => new(
        date,
        JsonSerializer.SerializeToElement(
            new GameWidgetContent(character.Name, Math.Round(character.Health, 2), character.InBattle),
            GameJsonContext.Default.GameWidgetContent));
}

/// <summary>What the game widget renders: <c>{"character":"panda","health":50,"inBattle":false}</c>.</summary>
internal sealed record GameWidgetContent(string Character, double Health, bool InBattle);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GameWidgetContent))]
internal sealed partial class GameJsonContext : JsonSerializerContext;
