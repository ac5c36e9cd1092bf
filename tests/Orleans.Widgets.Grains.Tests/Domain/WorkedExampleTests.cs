using System.Text.Json;
using Orleans.Widgets.Grains.Demo;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>The game widget of the refresh model, end to end through the actors on a simulated clock.</summary>
public sealed class WorkedExampleTests : IAsyncLifetime
{
    private const string App = "mygame";
    private DomainSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _silo = await DomainSilo.StartAsync();
        await _silo.CreateAppAsync(App, GameTimelineProvider.KindSettings);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static double Health(TimelineEntry? entry) => entry!.Content.GetProperty("health").GetDouble();

    private Task<WidgetStatus> Register(string widgetId, string character, string device = "phone-1")
        => _silo.Widget(App, widgetId).Register(new WidgetRegistration(App, GameTimelineProvider.Kind, "systemSmall", device, new Dictionary<string, string> { [GameTimelineProvider.CharacterKey] = character }));

    [Fact]
    public async Task Health_timeline_dragon_battle_and_potion()
    {
        _silo.World.SetHealth("panda", 25);
        _silo.World.SetHealth("fox", 25);
        var widget = _silo.Widget(App, "w-panda");
        var created = await Register("w-panda", "panda");
        Assert.NotNull(created.Pending ?? (object?)created.NextReloadAt ?? "in flight");

        // Added: first timeline at once (after the coalescing window).
        await _silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        var status = (await widget.GetStatus())!;
        Assert.Equal(ReloadReason.Added, status.LastReload!.Reason);
        Assert.Equal(4, status.Timeline!.Entries.Count);
        Assert.Equal(ReloadPolicyType.AtEnd, status.Timeline.Policy.Type);
        // Health keeps regenerating during the coalescing window, so compare whole percents.
        Assert.Equal([25.0, 50.0, 75.0, 100.0], status.Timeline.Entries.Select(e => Math.Round(Health(e))));

        // Between reloads the current entry moves without a provider call.
        await _silo.AdvanceAsync(TimeSpan.FromMinutes(90));
        status = (await widget.GetStatus())!;
        Assert.Equal(50, Math.Round(Health(status.CurrentEntry)));
        Assert.Equal(ReloadReason.Added, status.LastReload!.Reason);

        // After the last entry the runtime asks again: full health, one entry, never.
        await _silo.AdvanceAsync(TimeSpan.FromHours(2));
        status = (await widget.GetStatus())!;
        Assert.Equal(ReloadReason.Policy, status.LastReload!.Reason);
        Assert.Single(status.Timeline!.Entries);
        Assert.Equal(100, Health(status.CurrentEntry));
        Assert.Equal(ReloadPolicyType.Never, status.Timeline.Policy.Type);
        Assert.Null(status.NextReloadAt);

        // A dragon battle: the app server reloads the panda widgets only; after(now + 2 h).
        var fox = await Register("w-fox", "fox", device: "phone-2");
        await _silo.AdvanceAsync(TimeSpan.FromMinutes(10));
        var foxReloads = (await _silo.Widget(App, "w-fox").GetStatus())!.LastReload!.At;
        _silo.World.StartDragonBattle("panda");
        var reached = await ReloadMatchingAsync("panda");
        Assert.Equal(1, reached);
        await _silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        status = (await widget.GetStatus())!;
        Assert.Equal(ReloadReason.AppRequested, status.LastReload!.Reason);
        Assert.Equal(ReloadPolicyType.After, status.Timeline!.Policy.Type);
        var battleEnd = status.Timeline.Policy.Date!.Value;
        Assert.True(status.CurrentEntry!.Content.GetProperty("inBattle").GetBoolean());
        Assert.Equal(foxReloads, (await _silo.Widget(App, "w-fox").GetStatus())!.LastReload!.At);

        // Never before the date; at it, a new timeline.
        await _silo.AdvanceAsync(battleEnd - _silo.Now - TimeSpan.FromMinutes(1));
        Assert.Equal(ReloadReason.AppRequested, (await widget.GetStatus())!.LastReload!.Reason);
        await _silo.AdvanceAsync(TimeSpan.FromMinutes(2));
        status = (await widget.GetStatus())!;
        Assert.Equal(ReloadReason.Policy, status.LastReload!.Reason);
        Assert.True(status.LastReload.At >= battleEnd);
        Assert.False(status.CurrentEntry!.Content.GetProperty("inBattle").GetBoolean());

        // A healing potion: targeted reload, full health, never.
        _silo.World.DrinkHealingPotion("panda");
        await _silo.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await ReloadMatchingAsync("panda"));
        await _silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        status = (await widget.GetStatus())!;
        Assert.Equal(100, Health(status.CurrentEntry));
        Assert.Equal(ReloadPolicyType.Never, status.Timeline!.Policy.Type);
    }

    private async Task<int> ReloadMatchingAsync(string character)
    {
        var shards = (Orleans.Widgets.Runtime.IShardLocator)_silo.Services.GetService(typeof(Orleans.Widgets.Runtime.IShardLocator))!;
        var total = 0;
        for (var shard = 0; shard < shards.ShardCount; shard++)
        {
            total += await _silo.Grains.GetGrain<Indexing.IKindIndexGrain>(WidgetKeys.Partition(shard, App, GameTimelineProvider.Kind))
                .Reload(Guid.NewGuid().ToString("N"), new Dictionary<string, string> { [GameTimelineProvider.CharacterKey] = character });
        }

        await _silo.Clock.SettleAsync();
        return total;
    }
}
