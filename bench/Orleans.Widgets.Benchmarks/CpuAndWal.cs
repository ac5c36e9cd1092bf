using System.Diagnostics;
using Npgsql;

namespace Orleans.Widgets.Benchmarks;

/// <summary>
/// Where the machine's time goes during a window: CPU of this process and of the PostgreSQL server's processes
/// (read from /proc, so only where the server runs on this machine) and the WAL the server wrote.
/// </summary>
internal sealed class CpuAndWal
{
    private readonly TimeSpan _process;
    private readonly double _postgresSeconds;
    private readonly long _walBytes;
    private readonly long _started;

    private CpuAndWal(TimeSpan process, double postgresSeconds, long walBytes)
    {
        _process = process;
        _postgresSeconds = postgresSeconds;
        _walBytes = walBytes;
        _started = Stopwatch.GetTimestamp();
    }

    public static async Task<CpuAndWal> StartAsync(NpgsqlDataSource dataSource)
        => new(Process.GetCurrentProcess().TotalProcessorTime, PostgresCpuSeconds(), await WalBytesAsync(dataSource));

    /// <summary>Describes the window since the start, per unit of work (<paramref name="units"/> of <paramref name="unit"/>).</summary>
    public async Task<string> DescribeAsync(NpgsqlDataSource dataSource, long units, string unit)
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _process).TotalSeconds;
        var postgres = PostgresCpuSeconds() - _postgresSeconds;
        var wal = await WalBytesAsync(dataSource) - _walBytes;
        var n = Math.Max(1, units);
        return $"CPU: this process {process / seconds:F2} cores ({process * 1e6 / n:F0} µs per {unit}), PostgreSQL {postgres / seconds:F2} cores " +
            $"({postgres * 1e6 / n:F0} µs per {unit}); WAL {wal / 1048576.0:F0} MB ({wal / (double)n:F0} bytes per {unit})";
    }

    private static async Task<long> WalBytesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // utime + stime of every process named postgres, in seconds (clock ticks of 1/100 s).
    private static double PostgresCpuSeconds()
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < 0 || stat.AsSpan(open + 1, close - open - 1) is not "postgres")
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return ticks / 100.0;
    }
}
