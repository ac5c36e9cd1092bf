using System.Collections.Concurrent;
using System.Net;

namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>
/// Steady writes through the REST API of every silo in turn: each writer stores a new key per write and moves to the
/// next silo when one fails. Remembers what was acknowledged (200) so a test can read it all back after a fault.
/// Bounded by <paramref name="maxWrites"/> and by the token.
/// </summary>
internal sealed class ProbeLoad : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _acknowledged = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private readonly Task[] _writers;
    private int _failures;
    private int _budget;

    private ProbeLoad(IReadOnlyList<Uri> silos, int writers, int maxWrites)
    {
        _budget = maxWrites;
        _writers = Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(silos, w))).ToArray();
    }

    public static ProbeLoad Start(IReadOnlyList<Uri> silos, int writers = 8, int maxWrites = 20_000) => new(silos, writers, maxWrites);

    public IReadOnlyDictionary<string, string> Acknowledged => _acknowledged;

    public int Failures => Volatile.Read(ref _failures);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    private async Task WriteAsync(IReadOnlyList<Uri> silos, int writer)
    {
        var silo = writer % silos.Count;
        for (var sequence = 0; !_stop.IsCancellationRequested && Interlocked.Decrement(ref _budget) >= 0; sequence++)
        {
            var key = $"load-{writer}-{sequence}";
            var value = $"v{sequence}";
            try
            {
                using var response = await _http.PostAsync(new Uri(silos[silo], $"test/state/{key}/{value}"), null, _stop.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    _acknowledged[key] = value;
                    continue;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }

            Interlocked.Increment(ref _failures);
            silo = (silo + 1) % silos.Count;
            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>Reads every acknowledged key back through <paramref name="silos"/>; returns the keys that differ.</summary>
    public async Task<List<string>> FindLostAsync(IReadOnlyList<Uri> silos)
    {
        var lost = new ConcurrentBag<string>();
        var index = 0;
        await Parallel.ForEachAsync(_acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pair, ct) =>
        {
            var silo = silos[Interlocked.Increment(ref index) % silos.Count];
            using var response = await _http.GetAsync(new Uri(silo, $"test/state/{pair.Key}"), ct);
            var value = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(ct) : $"{(int)response.StatusCode}";
            if (value != pair.Value)
            {
                lost.Add($"{pair.Key}: acknowledged {pair.Value}, read {value}");
            }
        });
        return [.. lost];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _http.Dispose();
        _stop.Dispose();
    }
}
