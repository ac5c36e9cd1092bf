namespace Orleans.Widgets.Grains.Demo;

/// <summary>A character as it is at one instant.</summary>
/// <param name="Name">The character's name, e.g. <c>panda</c>.</param>
/// <param name="Health">Health in percent (0–100), regenerated up to the instant asked about.</param>
/// <param name="BattleEndsAt">When the current battle ends, or <see langword="null"/> outside a battle.</param>
public sealed record GameCharacter(string Name, double Health, DateTimeOffset? BattleEndsAt)
{
    /// <summary>Whether the character is fighting.</summary>
    public bool InBattle => BattleEndsAt is not null;
}

/// <summary>
/// The demo game's state, in process and thread-safe: each character's health, which regenerates
/// <see cref="RegenerationPerHour"/> percent per hour up to 100 % outside battles, and the end of a battle.
/// </summary>
public sealed class GameWorld
{
    /// <summary>Health regained per hour, in percent.</summary>
    public const double RegenerationPerHour = 25;

    /// <summary>Full health, in percent.</summary>
    public const double FullHealth = 100;

    /// <summary>How long a dragon battle lasts.</summary>
    public static readonly TimeSpan DragonBattleDuration = TimeSpan.FromHours(2);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, State> _characters = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an empty world on <paramref name="timeProvider"/>'s clock.</summary>
    public GameWorld(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>The names of all characters.</summary>
    public IReadOnlyList<string> Characters
    {
        get
        {
            lock (_lock)
            {
                return [.. _characters.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The character named <paramref name="name"/> as it is at <paramref name="now"/>, if it exists.</summary>
    public GameCharacter? Find(string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            return _characters.TryGetValue(name, out var state) ? state.At(name, now) : null;
        }
    }

    /// <summary>The character named <paramref name="name"/> as it is now, if it exists.</summary>
    public GameCharacter? Find(string name) => Find(name, _timeProvider.GetUtcNow());

    /// <summary>Sets a character's health now (creating the character if needed); a running battle goes on.</summary>
    public GameCharacter SetHealth(string name, double health)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(health) || health < 0 || health > FullHealth)
        {
            throw new ArgumentOutOfRangeException(nameof(health), health, "Health is a percentage from 0 to 100.");
        }

        return Update(name, (current, now) => current with { Health = health, Since = now });
    }

    /// <summary>The character fights a dragon for <see cref="DragonBattleDuration"/>; health does not regenerate meanwhile.</summary>
    public GameCharacter StartDragonBattle(string name) => StartBattle(name, DragonBattleDuration);

    /// <summary>The character fights for <paramref name="duration"/>; health does not regenerate meanwhile.</summary>
    public GameCharacter StartBattle(string name, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return Update(name, (current, now) => current with { BattleEndsAt = now + duration });
    }

    /// <summary>A healing potion: the character is at full health at once.</summary>
    public GameCharacter DrinkHealingPotion(string name) => SetHealth(name, FullHealth);

    private GameCharacter Update(string name, Func<State, DateTimeOffset, State> change)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            var current = _characters.TryGetValue(name, out var state)
                ? state.Settle(now)
                : new State(FullHealth, now, null);
            var next = change(current, now);
            _characters[name] = next;
            return next.At(name, now);
        }
    }

    /// <summary>Health <see cref="Health"/> held at <see cref="Since"/>; no regeneration before <see cref="BattleEndsAt"/>.</summary>
    private sealed record State(double Health, DateTimeOffset Since, DateTimeOffset? BattleEndsAt)
    {
        public GameCharacter At(string name, DateTimeOffset now)
        {
            var settled = Settle(now);
            return new GameCharacter(name, settled.Health, settled.BattleEndsAt);
        }

        /// <summary>The same character described from <paramref name="now"/> on (regeneration applied, finished battle cleared).</summary>
        public State Settle(DateTimeOffset now)
        {
            if (BattleEndsAt is { } end && end > now)
            {
                return this;
            }

            var regenerationStart = BattleEndsAt is { } ended && ended > Since ? ended : Since;
            var hours = Math.Max(0, (now - regenerationStart).TotalHours);
            var health = Math.Min(FullHealth, Health + (RegenerationPerHour * hours));
            return new State(health, now > Since ? now : Since, null);
        }
    }
}
