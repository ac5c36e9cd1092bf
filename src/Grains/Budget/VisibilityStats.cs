namespace Orleans.Widgets.Grains.Budget;

/// <summary>
/// How often and how long one widget is seen: exponentially decayed counts of views and of
/// visible minutes (half-life <see cref="HalfLife"/>), turned into per-day rates. Fixed size, so it
/// can live in the widget's persisted state. Time is always passed in; nothing here reads a clock.
/// </summary>
public sealed class VisibilityStats
{
    /// <summary>The half-life of the decayed counts: a view counts half as much after this long.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(3);

    /// <summary>The longest stretch one visible span may add to the visible time (a missed "hidden" must not inflate it).</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromHours(4);

    /// <summary>The shortest observation period a rate is divided by, so one early view does not read as hundreds a day.</summary>
    public static readonly TimeSpan MinObservation = TimeSpan.FromDays(1);

    /// <summary>Whether the widget is on screen now.</summary>
    public bool IsVisible { get; set; }

    /// <summary>When the current visible span began, while <see cref="IsVisible"/>.</summary>
    public DateTimeOffset? VisibleSince { get; set; }

    /// <summary>When observation began (the widget was added, or first shown or hidden).</summary>
    public DateTimeOffset? ObservedSince { get; set; }

    /// <summary>The instant <see cref="DecayedViews"/> and <see cref="DecayedVisibleMinutes"/> are decayed to.</summary>
    public DateTimeOffset? DecayedAt { get; set; }

    /// <summary>Views, each weighted by 2^(-age / <see cref="HalfLife"/>) as of <see cref="DecayedAt"/>.</summary>
    public double DecayedViews { get; set; }

    /// <summary>Visible minutes of finished spans, weighted like <see cref="DecayedViews"/>.</summary>
    public double DecayedVisibleMinutes { get; set; }

    /// <summary>Starts the observation period (the widget was added) unless it has started already.</summary>
    public void Begin(DateTimeOffset now) => ObservedSince ??= now;

    /// <summary>The widget appeared on screen. A repeated call while visible changes nothing.</summary>
    public void RecordVisible(DateTimeOffset now)
    {
        Begin(now);
        if (IsVisible)
        {
            return;
        }

        DecayTo(now);
        DecayedViews += 1;
        IsVisible = true;
        VisibleSince = now;
    }

    /// <summary>The widget left the screen; the span (at most <see cref="MaxSpan"/>) adds to the visible time.</summary>
    public void RecordHidden(DateTimeOffset now)
    {
        Begin(now);
        if (!IsVisible)
        {
            return;
        }

        DecayTo(now);
        DecayedVisibleMinutes += SpanMinutes(VisibleSince, now);
        IsVisible = false;
        VisibleSince = null;
    }

    /// <summary>The estimated number of times a day the widget is shown, as of <paramref name="now"/>.</summary>
    public double ViewsPerDay(DateTimeOffset now) => Decayed(DecayedViews, now) / ObservedDays(now);

    /// <summary>The estimated minutes a day the widget is on screen, as of <paramref name="now"/> (the open span included).</summary>
    public double VisibleMinutesPerDay(DateTimeOffset now)
    {
        var minutes = Decayed(DecayedVisibleMinutes, now);
        if (IsVisible)
        {
            minutes += SpanMinutes(VisibleSince, now);
        }

        return minutes / ObservedDays(now);
    }

    /// <summary>
    /// The decay-weighted length of the observation period in days: the integral of the decay weight
    /// from <see cref="ObservedSince"/> to now, at least <see cref="MinObservation"/>. A steady rate of r views a day
    /// gives <see cref="DecayedViews"/> / this = r.
    /// </summary>
    public double ObservedDays(DateTimeOffset now)
    {
        var minimum = MinObservation.TotalDays;
        if (ObservedSince is not { } since || now <= since)
        {
            return minimum;
        }

        var halfLifeDays = HalfLife.TotalDays;
        var ageDays = (now - since).TotalDays;
        var days = (1 - Math.Pow(2, -ageDays / halfLifeDays)) * halfLifeDays / Math.Log(2);
        return Math.Max(minimum, days);
    }

    private static double SpanMinutes(DateTimeOffset? from, DateTimeOffset to)
    {
        if (from is not { } start || to <= start)
        {
            return 0;
        }

        var span = to - start;
        return (span > MaxSpan ? MaxSpan : span).TotalMinutes;
    }

    private double Decayed(double value, DateTimeOffset now)
    {
        if (DecayedAt is not { } at || now <= at)
        {
            return value;
        }

        return value * Math.Pow(2, -(now - at).TotalDays / HalfLife.TotalDays);
    }

    private void DecayTo(DateTimeOffset now)
    {
        DecayedViews = Decayed(DecayedViews, now);
        DecayedVisibleMinutes = Decayed(DecayedVisibleMinutes, now);
        if (DecayedAt is not { } at || now > at)
        {
            DecayedAt = now;
        }
    }
}
