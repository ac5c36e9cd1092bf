using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// Seconds from SIGKILL of a silo to the first successful call, through another silo, for a grain that lived on it.
/// Three test-silo processes (the production silo plus probe endpoints) on a fresh database; each round picks a
/// victim, finds a key whose activation runs there (<c>/test/owner/{key}</c> answers the host's pid), kills it and
/// writes that key through a survivor until a write succeeds; the victim is then started again in its place and the
/// next round waits until all three hold leases. The floor is the lease duration plus 5 s.
/// </summary>
internal static class FailoverBenchmark
{
    private const int SiloCount = 3;
    private const int ShardCount = BenchDatabase.ShardCount;
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The silos' lease default (<c>Widgets:Leases:LeaseDuration</c>), used by the full run.</summary>
    private static readonly TimeSpan DefaultLeaseDuration = new Orleans.Widgets.Runtime.Configuration.LeaseOptions().LeaseDuration;

    public static async Task RunAsync(BenchOptions options)
    {
        var server = options.RequirePostgres();
        var rounds = 3;

        // Full: the silos' default heartbeat and lease settings. Quick: the short ones the cluster fault tests use.
        var lease = options.Quick ? TimeSpan.FromSeconds(3) : DefaultLeaseDuration;
        string[] timings = options.Quick
            ? ["--Widgets:Cluster:HeartbeatPeriod=00:00:00.500", "--Widgets:Cluster:DeathTimeout=00:00:02", "--Widgets:Leases:RenewPeriod=00:00:01", $"--Widgets:Leases:LeaseDuration={lease:c}"]
            : [];
        Report.Log($"lease duration {lease.TotalSeconds:F0}s ({(options.Quick ? "short settings" : "defaults")}); floor {(lease + Detection).TotalSeconds:F0}s");

        await using var database = await FreshDatabase.CreateAsync(server, "failover");
        await BenchDatabase.PrepareAsync(database.ConnectionString);
        var executable = SiloProcess.Executable("Orleans.Widgets.TestSilo");
        var ports = Enumerable.Range(0, SiloCount).Select(_ => SiloProcess.FreePort()).ToArray();
        var silos = new SiloProcess?[SiloCount];
        SiloProcess Start(int index) => silos[index] = SiloProcess.Start(executable, ports[index],
        [
            "--cluster", "postgres", "--database", database.ConnectionString, "--port", ports[index].ToString(CultureInfo.InvariantCulture),
            $"--Widgets:Storage:ShardCount={ShardCount}", $"--Widgets:Silo:Name=silo{index}", "--Widgets:AdminKey=bench-admin-key-0123456789abcdef",
            "--Widgets:Demo:Enabled=false", .. timings,
        ]);

        var results = new List<double>();
        try
        {
            var startup = Stopwatch.StartNew();
            for (var i = 0; i < SiloCount; i++)
            {
                Start(i);
            }

            foreach (var silo in silos)
            {
                await silo!.WaitForReadyAsync(ReadyTimeout);
            }

            for (var round = 0; round < rounds; round++)
            {
                var (spread, holders) = await LeaseSpread.WaitAsync(database.ConnectionString, SiloCount, ShardCount, lease * 6 + TimeSpan.FromSeconds(30));
                Report.Log($"round {round + 1}: leases held by {holders}{(spread ? string.Empty : " (not all three)")}");
                if (round == 0)
                {
                    Report.Log($"three silos ready and holding leases {startup.Elapsed.TotalSeconds:F1}s after they were started");
                }

                var victim = round % SiloCount;
                var survivor = silos[(victim + 1) % SiloCount]!;
                var killed = silos[victim]!;
                var key = await KeyOwnedByAsync(survivor.Http, killed.Id, round);
                await WriteAsync(survivor.Http, key, "before");

                killed.Kill();
                var sinceKill = Stopwatch.StartNew();
                var (attempts, answers) = await WriteUntilAcceptedAsync(survivor.Http, key, sinceKill, lease + Detection + TimeSpan.FromSeconds(60));
                var seconds = sinceKill.Elapsed.TotalSeconds;
                var newHost = await OwnerAsync(survivor.Http, key);
                Report.Log($"round {round + 1}: killed silo{victim} (pid {killed.Id}); {key} written through silo{(victim + 1) % SiloCount} " +
                    $"{seconds:F2}s later, now on pid {newHost}; {attempts} attempts before ({answers}); load {PgSingleRowBenchmark.Load()}");
                Report.Result($"failover_seconds_round_{round + 1}", seconds, "s");
                results.Add(seconds);

                await killed.DisposeAsync();
                silos[victim] = null;
                if (round + 1 < rounds)
                {
                    await Start(victim).WaitForReadyAsync(ReadyTimeout);
                }
            }
        }
        finally
        {
            await Task.WhenAll(silos.Where(s => s is not null).Select(s => s!.DisposeAsync().AsTask()));
        }

        var worst = results.Max();
        var floor = (lease + Detection).TotalSeconds;
        Report.Log($"failover: {string.Join(", ", results.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))} s; max {worst:F2} s " +
            $"{(worst <= floor ? "meets" : "misses")} the floor of {floor:F0} s (lease {lease.TotalSeconds:F0} s + {Detection.TotalSeconds:F0} s)");
        Report.Result("failover_lease_seconds", lease.TotalSeconds, "s");
        Report.Result("failover_floor_seconds", floor, "s");
        Report.Result("failover_seconds", worst, "s");
        Report.Result("failover_meets_floor", worst <= floor ? 1 : 0, "bool");
    }

    private static async Task<string> KeyOwnedByAsync(HttpClient http, int pid, int round)
    {
        for (var i = 0; i < 2_000; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"failover-{round}-{i}");
            if (await OwnerAsync(http, key) == pid)
            {
                return key;
            }
        }

        throw new InvalidOperationException($"None of 2 000 keys lives on process {pid}.");
    }

    private static async Task<int> OwnerAsync(HttpClient http, string key)
        => int.Parse(await http.GetStringAsync($"/test/owner/{key}"), CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpClient http, string key, string value)
    {
        using var response = await http.PostAsync($"/test/state/{key}/{value}", null);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Writing {key} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Writes <paramref name="key"/> every 50 ms until one write answers 200; counts the failed attempts by answer.</summary>
    private static async Task<(int Attempts, string Answers)> WriteUntilAcceptedAsync(HttpClient http, string key, Stopwatch sinceKill, TimeSpan limit)
    {
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var attempts = 0;
        while (true)
        {
            string answer;
            try
            {
                using var response = await http.PostAsync($"/test/state/{key}/after", null);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (attempts, string.Join(", ", answers.Select(a => $"{a.Value} × {a.Key}")));
                }

                answer = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                if (!answers.ContainsKey(answer))
                {
                    var body = await response.Content.ReadAsStringAsync();
                    Report.Log($"{key}: first {answer} after {sinceKill.Elapsed.TotalSeconds:F2}s: {body[..Math.Min(body.Length, 300)]}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                answer = exception.GetType().Name;
            }

            attempts++;
            answers[answer] = answers.GetValueOrDefault(answer) + 1;
            if (sinceKill.Elapsed > limit)
            {
                throw new TimeoutException($"{key} was not written within {limit} of the kill ({attempts} attempts: {string.Join(", ", answers)}).");
            }

            await Task.Delay(50);
        }
    }
}
