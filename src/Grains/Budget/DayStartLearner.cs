namespace Orleans.Widgets.Grains.Budget;

/// <summary>
/// Learns when a device's day starts from its activity (app and visibility events). Each UTC hour of
/// the day has a weight: every clock hour in which the device was active adds 1 to its hour-of-day,
/// and all weights decay with half-life <see cref="HalfLife"/>, which smooths over days. Hours whose
/// weight is at most <see cref="QuietShare"/> of the busiest hour are quiet; the start of day is the
/// hour right after the longest circular run of quiet hours (the night), once that run is at least
/// <see cref="MinNight"/> long and the device has been seen for <see cref="MinHistory"/>. Fixed size.
/// </summary>
public sealed class DayStartLearner
{
    /// <summary>The number of hour-of-day buckets.</summary>
    public const int Hours = 24;

    /// <summary>How long a new device is in its learning period.</summary>
    public static readonly TimeSpan LearningPeriod = TimeSpan.FromDays(3);

    /// <summary>The half-life of the hourly activity weights.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(5);

    /// <summary>The history needed before the start of day moves away from UTC midnight.</summary>
    public static readonly TimeSpan MinHistory = TimeSpan.FromDays(1);

    /// <summary>The shortest run of quiet hours taken as the night.</summary>
    public const int MinNight = 3;

    /// <summary>An hour is quiet when its weight is at most this share of the busiest hour's weight.</summary>
    public const double QuietShare = 0.25;

    /// <summary>The device's first observed activity; <see langword="default"/> until <see cref="Observe"/> is called.</summary>
    public DateTimeOffset FirstSeen { get; set; }

    /// <summary>The latest observed activity.</summary>
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Activity weight per UTC hour of day (index 0 is 00:00–01:00 UTC), decayed to <see cref="LastSeen"/>.</summary>
    public double[] HourWeights { get; set; } = new double[Hours];

    /// <summary>The learned start of the device's day, as an offset from UTC midnight (whole hours, 0–23 h).</summary>
    public TimeSpan StartOfDay { get; set; }

    /// <summary>Whether the device is in its first <see cref="LearningPeriod"/> (also before any activity).</summary>
    public bool IsLearning(DateTimeOffset now) => FirstSeen == default || now - FirstSeen < LearningPeriod;

    /// <summary>Takes one activity event at <paramref name="now"/>. Events older than <see cref="LastSeen"/> only move <see cref="FirstSeen"/>.</summary>
    public void Observe(DateTimeOffset now)
    {
        if (HourWeights is not { Length: Hours })
        {
            var weights = new double[Hours];
            HourWeights?.AsSpan(0, Math.Min(Hours, HourWeights.Length)).CopyTo(weights);
            HourWeights = weights;
        }

        if (FirstSeen == default || now < FirstSeen)
        {
            FirstSeen = now;
        }

        if (LastSeen != default && now < LastSeen)
        {
            return;
        }

        var newHour = LastSeen == default || HourIndex(now) != HourIndex(LastSeen);
        if (LastSeen != default && now > LastSeen)
        {
            var factor = Math.Pow(2, -(now - LastSeen).TotalDays / HalfLife.TotalDays);
            for (var i = 0; i < Hours; i++)
            {
                HourWeights[i] *= factor;
            }
        }

        if (newHour)
        {
            HourWeights[now.UtcDateTime.Hour] += 1;
        }

        LastSeen = now;
        if (now - FirstSeen >= MinHistory && LearnedStart(HourWeights) is { } start)
        {
            StartOfDay = start;
        }
    }

    /// <summary>The hour after the longest circular run of quiet hours, or <see langword="null"/> if no run is long enough.</summary>
    public static TimeSpan? LearnedStart(IReadOnlyList<double> weights)
    {
        var max = 0.0;
        foreach (var weight in weights)
        {
            max = Math.Max(max, weight);
        }

        if (weights.Count != Hours || max <= 0)
        {
            return null;
        }

        var threshold = max * QuietShare;
        var bestLength = 0;
        var bestEnd = -1;
        for (var end = 0; end < Hours; end++)
        {
            // A run of quiet hours that ends just before the active hour `end`.
            if (weights[end] <= threshold)
            {
                continue;
            }

            var length = 0;
            while (length < Hours - 1 && weights[(end - 1 - length + Hours) % Hours] <= threshold)
            {
                length++;
            }

            if (length > bestLength)
            {
                bestLength = length;
                bestEnd = end;
            }
        }

        return bestLength >= MinNight ? TimeSpan.FromHours(bestEnd) : null;
    }

    private static long HourIndex(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerHour;
}
