namespace Orleans.Widgets.Benchmarks.Grains;

/// <summary>
/// Process-wide tick counter and lateness histogram (1 ms buckets up to 60 s), lock-free so recording a tick
/// costs two interlocked increments and holds no per-tick memory.
/// </summary>
public static class TickStats
{
    private const int Buckets = 60_001;
    private static long[] s_histogram = new long[Buckets];
    private static long s_count;

    public static long Count => Interlocked.Read(ref s_count);

    public static void Record(TimeSpan lateness)
    {
        var ms = (long)lateness.TotalMilliseconds;
        var bucket = (int)Math.Clamp(ms, 0, Buckets - 1);
        Interlocked.Increment(ref Volatile.Read(ref s_histogram)[bucket]);
        Interlocked.Increment(ref s_count);
    }

    /// <summary>Starts a new window: returns the previous histogram.</summary>
    public static long[] Reset()
    {
        Interlocked.Exchange(ref s_count, 0);
        return Interlocked.Exchange(ref s_histogram, new long[Buckets]);
    }

    public static long[] Snapshot() => (long[])Volatile.Read(ref s_histogram).Clone();

    /// <summary>The smallest lateness (ms) at or below which <paramref name="quantile"/> of the recorded ticks fall.</summary>
    public static double Quantile(long[] histogram, double quantile)
    {
        var total = histogram.Sum();
        if (total == 0)
        {
            return double.NaN;
        }

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

        return histogram.Length - 1;
    }
}
