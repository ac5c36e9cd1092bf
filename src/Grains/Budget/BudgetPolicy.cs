using System.Globalization;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Budget;

/// <summary>
/// Decides whether a widget's reload may start now and whether it counts against the widget's daily
/// budget. Pure and deterministic: the same inputs give the same decision, no clock is read and the
/// inputs are not changed. The rules, parameters and formulas are described in <c>docs/budget.md</c>.
/// </summary>
public sealed class BudgetPolicy
{
    /// <summary>The daily limit of a widget that is never seen.</summary>
    public const int FloorLimit = 10;

    /// <summary>The daily limit a widget approaches as it is seen more (before the learning bonus).</summary>
    public const int MaxLimit = 70;

    /// <summary>Views a day that use up 1 − 1/e (63 %) of the span between the floor and the maximum, on their own.</summary>
    public const double ViewsScale = 8.0;

    /// <summary>Visible minutes a day that use up 63 % of the span between the floor and the maximum, on their own.</summary>
    public const double MinutesScale = 30.0;

    /// <summary>The extra share of the limit while the device is learning (its first 3 days).</summary>
    public const double LearningBonus = 0.5;

    /// <summary>Counted reloads may come at most this many times faster than the limit spread evenly over 24 h.</summary>
    public const int PacingFactor = 2;

    /// <summary>At most this many counted reloads within <see cref="BurstSize"/> × the pacing gap.</summary>
    public const int BurstSize = 3;

    /// <summary>The share of the limit held back for reloads of a widget that became visible while stale.</summary>
    public const double ReserveShare = 0.10;

    /// <summary>The smallest reserve for <see cref="ReloadReason.BecameVisible"/>.</summary>
    public const int ReserveMinimum = 2;

    /// <summary>The length of the budget window, rolling and daily.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>A shared instance; the policy has no state.</summary>
    public static BudgetPolicy Default { get; } = new();

    /// <summary>Decides the reload described by <paramref name="inputs"/>.</summary>
    public BudgetDecision Evaluate(BudgetInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var now = inputs.Now;
        var limit = DailyLimit(inputs.Visibility, now, inputs.Device.FirstSeen);
        var (windowStart, windowEnd) = DayWindow(now, inputs.Device.StartOfDay);

        var recent = new List<DateTimeOffset>();
        foreach (var at in inputs.Ledger.Counted)
        {
            if (at > now - Window)
            {
                recent.Add(at);
            }
        }

        recent.Sort();
        var used = 0;
        foreach (var at in recent)
        {
            if (at >= windowStart)
            {
                used++;
            }
        }

        var rolling = recent.Count;
        var decision = new BudgetDecision
        {
            Allowed = true,
            Counted = true,
            NotBefore = now,
            Limit = limit,
            Used = used,
            UsedLast24Hours = rolling,
            Remaining = Math.Max(0, limit - rolling),
            WindowStart = windowStart,
            WindowEnd = windowEnd,
        };

        var reason = inputs.Reason == ReloadReason.Retry && inputs.RetryOf is { } original && original != ReloadReason.Retry
            ? original
            : inputs.Reason;
        if (Exemption(reason, inputs.Device) is { } exemption)
        {
            return decision with { Counted = false, Exemption = exemption };
        }

        var visible = reason == ReloadReason.BecameVisible;
        var reserve = Reserve(limit);
        var cap = visible ? limit : limit - reserve;
        var budgetFree = rolling < cap ? now : recent[rolling - cap] + Window;

        var pacingFree = now;
        var gap = PacingGap(limit);
        var span = gap * BurstSize;
        if (!visible)
        {
            var inSpan = recent.FindAll(at => at > now - span);
            if (inSpan.Count >= BurstSize)
            {
                pacingFree = inSpan[inSpan.Count - BurstSize] + span;
            }
        }

        var notBefore = budgetFree > pacingFree ? budgetFree : pacingFree;
        if (notBefore <= now)
        {
            return decision;
        }

        string waitingFor;
        if (budgetFree >= pacingFree)
        {
            var share = visible
                ? string.Empty
                : string.Create(CultureInfo.InvariantCulture, $" (the last {reserve} are held for when the widget becomes visible)");
            waitingFor = string.Create(
                CultureInfo.InvariantCulture,
                $"daily budget of {limit} reloads used{share}: {rolling} counted in the last 24 h; the oldest counted reload that must leave the rolling window leaves it at {Format(budgetFree)}");
        }
        else
        {
            waitingFor = string.Create(
                CultureInfo.InvariantCulture,
                $"pacing: at most {BurstSize} counted reloads within {span.TotalMinutes:0.#} min; next counted reload allowed at {Format(pacingFree)}");
        }

        return decision with { Allowed = false, NotBefore = notBefore, WaitingFor = waitingFor };
    }

    /// <summary>The budget as of <paramref name="now"/>, for the widget's status (as an ordinary reload would see it).</summary>
    public BudgetStatus Status(DateTimeOffset now, DeviceContext device, VisibilityStats visibility, ReloadLedger ledger) =>
        Evaluate(new BudgetInputs(now, ReloadReason.Policy, device, visibility, ledger)).ToStatus();

    /// <summary>
    /// The daily limit: <see cref="BaseLimit"/> of the widget's views and visible minutes a day, times
    /// 1 + <see cref="LearningBonus"/> (rounded down) while the device is learning.
    /// </summary>
    public static int DailyLimit(VisibilityStats visibility, DateTimeOffset now, DateTimeOffset firstSeen)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        var limit = BaseLimit(visibility.ViewsPerDay(now), visibility.VisibleMinutesPerDay(now));
        return IsLearning(now, firstSeen) ? (int)Math.Floor(limit * (1 + LearningBonus)) : limit;
    }

    /// <summary>
    /// <see cref="FloorLimit"/> + ⌊(<see cref="MaxLimit"/> − <see cref="FloorLimit"/>) × (1 − e^−(v / <see cref="ViewsScale"/> + m / <see cref="MinutesScale"/>))⌋
    /// for v views and m visible minutes a day: monotone in both, from the floor towards the maximum.
    /// </summary>
    public static int BaseLimit(double viewsPerDay, double visibleMinutesPerDay)
    {
        var engagement = Math.Max(0, viewsPerDay) / ViewsScale + Math.Max(0, visibleMinutesPerDay) / MinutesScale;
        if (double.IsNaN(engagement))
        {
            engagement = 0;
        }

        var share = 1 - Math.Exp(-engagement);
        return FloorLimit + (int)Math.Floor((MaxLimit - FloorLimit) * share);
    }

    /// <summary>Whether a device first seen at <paramref name="firstSeen"/> is still in its 3-day learning period.</summary>
    public static bool IsLearning(DateTimeOffset now, DateTimeOffset firstSeen) =>
        firstSeen != default && now - firstSeen < DayStartLearner.LearningPeriod;

    /// <summary>The counted reloads held back for <see cref="ReloadReason.BecameVisible"/>: max(<see cref="ReserveMinimum"/>, ⌊limit × <see cref="ReserveShare"/>⌋).</summary>
    public static int Reserve(int limit) => Math.Max(ReserveMinimum, (int)Math.Floor(limit * ReserveShare));

    /// <summary>The pacing gap: 24 h / (limit × <see cref="PacingFactor"/>).</summary>
    public static TimeSpan PacingGap(int limit) => TimeSpan.FromTicks(Window.Ticks / (Math.Max(1, limit) * PacingFactor));

    /// <summary>The day window that contains <paramref name="now"/>: [start of day, start of day + 24 h), in UTC.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) DayWindow(DateTimeOffset now, TimeSpan startOfDay)
    {
        var offset = ((startOfDay.Ticks % TimeSpan.TicksPerDay) + TimeSpan.TicksPerDay) % TimeSpan.TicksPerDay;
        var utc = now.ToUniversalTime();
        var start = new DateTimeOffset(utc.UtcDateTime.Date.Ticks + offset, TimeSpan.Zero);
        if (start > utc)
        {
            start -= Window;
        }

        return (start, start + Window);
    }

    /// <summary>Why a reload is not counted, or <see langword="null"/> if it is.</summary>
    public static string? Exemption(ReloadReason reason, DeviceContext device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return reason switch
        {
            ReloadReason.LocaleChanged => "the system locale changed",
            ReloadReason.DynamicTypeChanged => "Dynamic Type changed",
            ReloadReason.AccessibilityChanged => "an accessibility setting changed",
            ReloadReason.Interaction => "the user interacted with the widget",
            _ when device.AppForeground => "the app is in the foreground",
            _ when device.AudioActive => "the app has an active audio session",
            _ when device.NavigationActive => "the app has an active navigation session",
            _ => null,
        };
    }

    private static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
