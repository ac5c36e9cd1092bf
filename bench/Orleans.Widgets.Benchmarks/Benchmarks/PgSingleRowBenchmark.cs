using System.Diagnostics;
using Npgsql;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// The database's own single-row transaction rate, as a yardstick for the runtime's figures: 16 clients, each on its
/// own Npgsql connection, loop a prepared single-row <c>UPDATE</c> of their own row (autocommit, so one transaction
/// and one commit each) in a 16-row table. Reports transactions per second over the window.
/// </summary>
internal static class PgSingleRowBenchmark
{
    public const int Clients = 16;

    public static async Task RunAsync(BenchOptions options)
    {
        var connectionString = options.RequirePostgres();
        var tps = await MeasureAsync(connectionString, options.Pick(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), options.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
        Report.Result("pg_single_row_tps", tps, "tx/s");
    }

    /// <summary>Creates the table, runs the clients for <paramref name="warmUp"/> then <paramref name="window"/>; returns transactions per second in the window.</summary>
    public static async Task<double> MeasureAsync(string connectionString, TimeSpan warmUp, TimeSpan window)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand(
            "DROP TABLE IF EXISTS bench_single_row; CREATE TABLE bench_single_row (id integer PRIMARY KEY, n bigint NOT NULL); " +
            $"INSERT INTO bench_single_row SELECT i, 0 FROM generate_series(0, {Clients - 1}) AS i"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var counts = new long[Clients];
        var stop = 0;
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var update = new NpgsqlCommand("UPDATE bench_single_row SET n = n + 1 WHERE id = $1", connection);
            update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = client });
            await update.PrepareAsync();
            while (Volatile.Read(ref stop) == 0)
            {
                await update.ExecuteNonQueryAsync();
                Interlocked.Increment(ref counts[client]);
            }
        })).ToArray();

        await Task.Delay(warmUp);
        var before = counts.Sum();
        var cost = await CpuAndWal.StartAsync(dataSource);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var after = counts.Sum();
        var elapsed = clock.Elapsed;
        var costs = await cost.DescribeAsync(dataSource, after - before, "transaction");
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(clients);
        var tps = (after - before) / elapsed.TotalSeconds;
        Report.Log($"pg single-row updates: {Clients} clients, {after - before:N0} transactions in {elapsed.TotalSeconds:F1}s = {tps:N0}/s; load {Load()}");
        Report.Log($"pg single-row updates: {costs}");
        await using (var drop = dataSource.CreateCommand("DROP TABLE bench_single_row"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        return tps;
    }

    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
