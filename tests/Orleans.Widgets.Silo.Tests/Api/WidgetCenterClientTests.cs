using System.Net;
using Orleans.Widgets.Client;

namespace Orleans.Widgets.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class WidgetCenterClientTests(ApiSilo silo)
{
    [Fact]
    public async Task Refusals_become_WidgetsApiException_with_the_status_and_the_servers_message()
    {
        var app = ApiSilo.NewAppId();
        var key = await silo.CreateAppAsync(app, "k1");
        using var http = silo.Http();

        var client = new WidgetCenterClient(http, app, key);
        var unknown = await Assert.ThrowsAsync<WidgetsApiException>(() => client.ReloadTimelinesAsync("nope"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("unknown kind 'nope'", unknown.ServerMessage);

        var badLocation = await Assert.ThrowsAsync<WidgetsApiException>(() => client.PostDeviceEventAsync("d1", Client.DeviceEventType.Location, 95, 0));
        Assert.Equal(HttpStatusCode.BadRequest, badLocation.StatusCode);
        Assert.Contains("location.lat", badLocation.ServerMessage, StringComparison.Ordinal);

        var wrongKey = new WidgetCenterClient(http, app, "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<WidgetsApiException>(() => wrongKey.ReloadAllTimelinesAsync())).StatusCode);

        var otherApp = new WidgetCenterClient(http, ApiSilo.NewAppId(), key);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<WidgetsApiException>(() => otherApp.ReloadAllTimelinesAsync())).StatusCode);
    }

    [Fact]
    public async Task The_client_registers_widgets_lists_a_device_and_reloads_by_kind_all_and_configuration()
    {
        var app = ApiSilo.NewAppId();
        var key = await silo.CreateAppAsync(app, "character", "guild");
        using var http = silo.Http();
        var client = new WidgetCenterClient(http, app, key);

        Assert.Equal(0, (await client.ReloadTimelinesAsync("character")).Widgets);

        var status = await client.RegisterWidgetAsync("w1", "character", "systemSmall", "phone", new Dictionary<string, string> { ["character"] = "panda" });
        Assert.Equal("w1", status.WidgetId);
        await client.RegisterWidgetAsync("w2", "character", "systemMedium", "phone", new Dictionary<string, string> { ["character"] = "dragon" });
        await client.RegisterWidgetAsync("w3", "guild", "systemLarge", "tablet");

        var onPhone = await client.GetCurrentConfigurationsAsync("phone");
        Assert.Equal(["w1", "w2"], onPhone.Select(c => c.WidgetId).Order(StringComparer.Ordinal));
        Assert.Equal("panda", onPhone.Single(c => c.WidgetId == "w1").Configuration["character"]);

        Assert.Equal(2, (await client.ReloadTimelinesAsync("character")).Widgets);
        Assert.Equal(1, (await client.ReloadTimelinesAsync("character", new Dictionary<string, string> { ["character"] = "panda" })).Widgets);
        var all = await client.ReloadAllTimelinesAsync();
        Assert.Equal(3, all.Widgets);
        Assert.NotEqual(Guid.Empty, all.ReloadId);

        await client.PostWidgetEventAsync("w1", WidgetEventType.Visible);
        await client.PostDeviceEventAsync("phone", Client.DeviceEventType.Location, 35.68, 139.76);
        Assert.NotNull(await client.GetWidgetAsync("w1"));
        Assert.True(await client.RemoveWidgetAsync("w1"));
        Assert.False(await client.RemoveWidgetAsync("w1"));
        Assert.Null(await client.GetWidgetAsync("w1"));
    }
}
