using System.Text.Json;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Tests;

public sealed class ModelTests
{
    private static readonly DateTimeOffset T0 = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static TimelineEntry Entry(int hours) => new(T0.AddHours(hours), JsonSerializer.SerializeToElement(new { health = 25 * (hours + 1) }));

    [Fact]
    public void Current_entry_is_the_last_one_not_after_now()
    {
        var timeline = new Timeline([Entry(0), Entry(1), Entry(2)], ReloadPolicy.AtEnd);
        Assert.Equal(T0, timeline.CurrentEntry(T0.AddMinutes(59))!.Date);
        Assert.Equal(T0.AddHours(1), timeline.CurrentEntry(T0.AddHours(1))!.Date);
        Assert.Equal(T0.AddHours(2), timeline.CurrentEntry(T0.AddDays(3))!.Date);
        Assert.Equal(T0, timeline.CurrentEntry(T0.AddHours(-1))!.Date);
        Assert.Null(new Timeline([], ReloadPolicy.Never).CurrentEntry(T0));
    }

    [Fact]
    public void Each_policy_names_its_next_reload()
    {
        var entries = new[] { Entry(0), Entry(3) };
        Assert.Equal(T0.AddHours(3), new Timeline(entries, ReloadPolicy.AtEnd).NextReloadByPolicy(T0));
        Assert.Equal(T0.AddHours(2), new Timeline(entries, ReloadPolicy.After(T0.AddHours(2))).NextReloadByPolicy(T0));
        Assert.Null(new Timeline(entries, ReloadPolicy.Never).NextReloadByPolicy(T0));
    }
}
