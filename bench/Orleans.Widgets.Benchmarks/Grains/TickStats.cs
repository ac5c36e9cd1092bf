namespace Orleans.Widgets.Benchmarks.Grains;

/// <summary>
/// Process-wide tick counter and a lateness histogram (1 ms buckets up to 60 s) of the ticks due inside the
/// measured window. Lock-free, and it holds no per-tick memory.
/// </summary>
public static class TickStats
{
    public const int Buckets = 60_001;
    private static readonly long[] Histogram = new long[Buckets];
    private static long s_total;
    private static long s_measured;
    private static long s_measureFrom = long.MaxValue;
    private static long s_measureUntil = long.MinValue;

    /// <summary>Every tick delivered so far.</summary>
    public static long Total => Interlocked.Read(ref s_total);

    /// <summary>Ticks delivered so far whose due time lies in the measured window.</summary>
    public static long Measured => Interlocked.Read(ref s_measured);

    /// <summary>Records the lateness of ticks due in [<paramref name="fromMs"/>, <paramref name="untilMs"/>) (Unix ms).</summary>
    public static void MeasureDueBetween(long fromMs, long untilMs)
    {
        Volatile.Write(ref s_measureFrom, fromMs);
        Volatile.Write(ref s_measureUntil, untilMs);
    }

    public static void Record(TickStatus status)
    {
        Interlocked.Increment(ref s_total);
        var due = new DateTimeOffset(status.CurrentTickTime, TimeSpan.Zero).ToUnixTimeMilliseconds();
        if (due < Volatile.Read(ref s_measureFrom) || due >= Volatile.Read(ref s_measureUntil))
        {
            return;
        }

        var bucket = (int)Math.Clamp((long)status.Lateness.TotalMilliseconds, 0, Buckets - 1);
        Interlocked.Increment(ref Histogram[bucket]);
        Interlocked.Increment(ref s_measured);
    }

    /// <summary>
    /// The lateness (ms) at or below which <paramref name="quantile"/> of <paramref name="expected"/> ticks were
    /// delivered; ticks never delivered count as later than any bucket (the result is then <see cref="Buckets"/>).
    /// </summary>
    public static double Quantile(double quantile, long expected)
    {
        var histogram = (long[])Histogram.Clone();
        var total = Math.Max(expected, histogram.Sum());
        var target = (long)Math.Ceiling(total * quantile);
        long seen = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= target)
            {
                return i;
            }
        }

        return Buckets;
    }
}
