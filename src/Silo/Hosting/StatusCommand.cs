using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Silo.Hosting;

/// <summary>
/// The <c>status</c> verb: reads the membership and lease tables of the configured store and prints each silo with
/// its address, state, heartbeat age, shard count, lease epochs and activations, and the shards nobody holds.
/// </summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(string[] settings)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var app = WidgetsSiloApplication.CreateBuilder(settings).Build();
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var time = TimeProvider.System;

        await using var store = await RuntimeStoreFactory.OpenAsync(storage, time, cancellation.Token);
        var version = await store.Schema.GetVersionAsync(cancellation.Token);
        if (version < store.Schema.RequiredVersion)
        {
            await Console.Error.WriteLineAsync($"{store.Description} has schema version {version}; this build needs {store.Schema.RequiredVersion}. Run 'migrate' first.");
            return 1;
        }

        var silos = await store.Membership.ReadAllAsync(cancellation.Token);
        var leases = await store.Leases.ReadAllAsync(cancellation.Token);
        await Console.Out.WriteAsync(Render(store.Description, silos, leases, time.GetUtcNow().ToUnixTimeMilliseconds()));
        return 0;
    }

    /// <summary>The report for the given rows as of <paramref name="now"/> (Unix ms).</summary>
    public static string Render(string store, IReadOnlyList<MembershipEntry> silos, IReadOnlyList<ShardLease> leases, long now)
    {
        var held = leases.Where(l => l.ExpiresAt > now).ToLookup(l => l.Owner, StringComparer.Ordinal);
        var live = silos.Count(s => s.IsLive);
        var unheld = leases.Where(l => l.ExpiresAt <= now || !silos.Any(s => s.IsLive && s.SiloId == l.Owner)).Select(l => l.Shard).Order().ToList();

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{store}: {live} live silo{(live == 1 ? "" : "s")}, {leases.Count} shards, {leases.Count - unheld.Count} held by a live silo\n");
        var rows = new List<string[]> { new[] { "SILO", "ADDRESS", "STATUS", "HEARTBEAT", "SHARDS", "EPOCHS", "ACTIVATIONS" } };
        foreach (var silo in silos.OrderBy(s => s.IsLive ? 0 : 1).ThenBy(s => s.SiloId, StringComparer.Ordinal))
        {
            var own = held[silo.SiloId].ToList();
            rows.Add(
            [
                silo.SiloId,
                $"{silo.Host}:{silo.Port}",
                silo.Status.ToString().ToLowerInvariant(),
                Age(now - silo.HeartbeatAt),
                own.Count.ToString(CultureInfo.InvariantCulture),
                own.Count == 0 ? "-" : own.Min(l => l.Epoch) == own.Max(l => l.Epoch) ? $"{own[0].Epoch}" : $"{own.Min(l => l.Epoch)}-{own.Max(l => l.Epoch)}",
                silo.IsLive ? silo.Activations.ToString(CultureInfo.InvariantCulture) : "-",
            ]);
        }

        // Leases of a store that runs without membership (a single silo) have owners with no row.
        foreach (var owner in held.Select(g => g.Key).Where(o => !silos.Any(s => s.SiloId == o)).Order(StringComparer.Ordinal))
        {
            var own = held[owner].ToList();
            rows.Add([owner, "-", "no row", "-", own.Count.ToString(CultureInfo.InvariantCulture), $"{own.Min(l => l.Epoch)}-{own.Max(l => l.Epoch)}", "-"]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((cell, c) => c is 4 or 6 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
        }

        text.Append(unheld.Count == 0 ? "Every shard is held.\n" : $"Shards not held by a live silo: {Ranges(unheld)}\n");
        return text.ToString();
    }

    private static string Age(long milliseconds)
        => milliseconds < 0 ? "now"
        : milliseconds < 120_000 ? $"{milliseconds / 1000.0:0.0} s ago"
        : milliseconds < 7_200_000 ? $"{milliseconds / 60_000} min ago"
        : $"{milliseconds / 3_600_000} h ago";

    private static string Ranges(List<int> shards)
    {
        var parts = new List<string>();
        for (var i = 0; i < shards.Count;)
        {
            var j = i;
            while (j + 1 < shards.Count && shards[j + 1] == shards[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? $"{shards[i]}" : $"{shards[i]}-{shards[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
