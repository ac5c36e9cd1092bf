using System.Globalization;
using System.Net;

namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>Calls to the test silo's probe endpoints.</summary>
internal static class Probes
{
    /// <summary>The process id of the silo whose activation serves <paramref name="key"/>, asked through <paramref name="http"/>.</summary>
    public static async Task<int> OwnerAsync(HttpClient http, string key)
        => int.Parse(await http.GetStringAsync($"/test/owner/{key}"), CultureInfo.InvariantCulture);

    /// <summary>Keys whose grain lives on the silo with process id <paramref name="pid"/>.</summary>
    public static async Task<List<string>> KeysOwnedByAsync(HttpClient http, int pid, int count, string prefix)
    {
        var keys = new List<string>();
        for (var i = 0; keys.Count < count; i++)
        {
            Assert.True(i < 2_000, $"fewer than {count} of 2 000 keys live on process {pid}");
            var key = $"{prefix}-{i}";
            if (await OwnerAsync(http, key) == pid)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    public static async Task SetAsync(HttpClient http, string key, string value)
    {
        using var response = await http.PostAsync($"/test/state/{key}/{value}", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"writing {key} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<string?> GetAsync(HttpClient http, string key)
    {
        using var response = await http.GetAsync($"/test/state/{key}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadAsStringAsync();
    }

    public static async Task StartReminderAsync(HttpClient http, string key, int periodSeconds)
    {
        using var response = await http.PostAsync($"/test/reminder/{key}?dueSeconds={periodSeconds}&periodSeconds={periodSeconds}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<int> TickCountAsync(HttpClient http, string key)
    {
        var ticks = await http.GetStringAsync($"/test/ticks/{key}");
        return ticks.Length == 0 ? 0 : ticks.Split('\n').Length;
    }
}
