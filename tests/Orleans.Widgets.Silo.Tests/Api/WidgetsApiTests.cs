using System.Net;

namespace Orleans.Widgets.Silo.Tests.Api;

/// <summary>Routes that reach the widget, device and kind index grains.</summary>
[Collection(ApiCollection.Name)]
public sealed class WidgetsApiTests(ApiSilo silo)
{
    [Fact]
    public async Task A_widget_is_registered_read_updated_told_about_events_and_removed()
    {
        var app = ApiSilo.NewAppId();
        using var http = silo.Http(await silo.CreateAppAsync(app, "character"));
        var path = $"/v1/apps/{app}/widgets/w1";

        using var created = await http.PutAsync(path, ApiAssert.Json("""{"kind":"character","family":"systemSmall","device":"d1","configuration":{"character":"panda"}}"""));
        var status = await ApiAssert.JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal("w1", status.GetProperty("widgetId").GetString());
        Assert.Equal("character", status.GetProperty("kind").GetString());
        Assert.Equal("panda", status.GetProperty("configuration").GetProperty("character").GetString());
        Assert.True(status.GetProperty("budget").GetProperty("limit").GetInt32() > 0);

        var read = await ApiAssert.JsonAsync(await http.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal("d1", read.GetProperty("device").GetString());
        Assert.Equal("systemSmall", read.GetProperty("family").GetString());

        var onDevice = await ApiAssert.JsonAsync(await http.GetAsync($"/v1/apps/{app}/devices/d1/configurations"), HttpStatusCode.OK);
        var entry = Assert.Single(onDevice.EnumerateArray());
        Assert.Equal("w1", entry.GetProperty("widgetId").GetString());
        Assert.Equal("panda", entry.GetProperty("configuration").GetProperty("character").GetString());

        // Moving the widget to another device updates both devices' lists.
        using var updated = await http.PutAsync(path, ApiAssert.Json("""{"kind":"character","family":"systemMedium","device":"d2","configuration":{"character":"dragon"}}"""));
        Assert.Equal("systemMedium", (await ApiAssert.JsonAsync(updated, HttpStatusCode.OK)).GetProperty("family").GetString());
        Assert.Empty((await ApiAssert.JsonAsync(await http.GetAsync($"/v1/apps/{app}/devices/d1/configurations"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Single((await ApiAssert.JsonAsync(await http.GetAsync($"/v1/apps/{app}/devices/d2/configurations"), HttpStatusCode.OK)).EnumerateArray());

        foreach (var type in new[] { "visible", "hidden", "interaction" })
        {
            using var accepted = await http.PostAsync($"{path}/events", ApiAssert.Json($$"""{"type":"{{type}}"}"""));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        foreach (var json in new[] { """{"type":"appForeground"}""", """{"type":"localeChanged"}""", """{"type":"location","location":{"lat":35.68,"lon":139.76}}""" })
        {
            using var accepted = await http.PostAsync($"/v1/apps/{app}/devices/d2/events", ApiAssert.Json(json));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(path)).StatusCode);
        await ApiAssert.ErrorAsync(await http.DeleteAsync(path), HttpStatusCode.NotFound, "w1");
        await ApiAssert.ErrorAsync(await http.GetAsync(path), HttpStatusCode.NotFound, "w1");
        await ApiAssert.ErrorAsync(await http.PostAsync($"{path}/events", ApiAssert.Json("""{"type":"visible"}""")), HttpStatusCode.NotFound);
        Assert.Empty((await ApiAssert.JsonAsync(await http.GetAsync($"/v1/apps/{app}/devices/d2/configurations"), HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task A_refused_registration_leaves_no_widget_behind()
    {
        var app = ApiSilo.NewAppId();
        using var http = silo.Http(await silo.CreateAppAsync(app, "k1"));
        await ApiAssert.ErrorAsync(
            await http.PutAsync($"/v1/apps/{app}/widgets/w1", ApiAssert.Json("""{"kind":"nope","family":"systemSmall","device":"d1"}""")),
            HttpStatusCode.BadRequest);
        await ApiAssert.ErrorAsync(await http.GetAsync($"/v1/apps/{app}/widgets/w1"), HttpStatusCode.NotFound);
        Assert.Empty((await ApiAssert.JsonAsync(await http.GetAsync($"/v1/apps/{app}/devices/d1/configurations"), HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task A_reload_answers_202_with_an_id_and_the_number_of_widgets()
    {
        var app = ApiSilo.NewAppId();
        using var http = silo.Http(await silo.CreateAppAsync(app, "k1", "k2"));
        foreach (var (id, kind, character) in new[] { ("a", "k1", "panda"), ("b", "k1", "dragon"), ("c", "k2", "panda") })
        {
            using var put = await http.PutAsync($"/v1/apps/{app}/widgets/{id}", ApiAssert.Json($$$"""{"kind":"{{{kind}}}","family":"systemSmall","device":"d1","configuration":{"character":"{{{character}}}"}}"""));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var byKind = await ApiAssert.JsonAsync(await http.PostAsync($"/v1/apps/{app}/reloads", ApiAssert.Json("""{"kind":"k1"}""")), HttpStatusCode.Accepted);
        Assert.NotEqual(Guid.Empty, byKind.GetProperty("reloadId").GetGuid());
        Assert.Equal(2, byKind.GetProperty("widgets").GetInt32());

        var targeted = await ApiAssert.JsonAsync(await http.PostAsync($"/v1/apps/{app}/reloads", ApiAssert.Json("""{"kind":"k1","configuration":{"character":"panda"}}""")), HttpStatusCode.Accepted);
        Assert.Equal(1, targeted.GetProperty("widgets").GetInt32());

        var all = await ApiAssert.JsonAsync(await http.PostAsync($"/v1/apps/{app}/reloads", ApiAssert.Json("{}")), HttpStatusCode.Accepted);
        Assert.Equal(3, all.GetProperty("widgets").GetInt32());
    }
    [Fact]
    public async Task A_reload_with_the_callers_id_answers_with_that_id_every_time_and_a_bad_id_is_refused()
    {
        var app = ApiSilo.NewAppId();
        using var http = silo.Http(await silo.CreateAppAsync(app, "k1"));
        using (var put = await http.PutAsync($"/v1/apps/{app}/widgets/a", ApiAssert.Json("""{"kind":"k1","family":"systemSmall","device":"d1"}""")))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var reloadId = Guid.NewGuid();
        for (var i = 0; i < 2; i++)
        {
            var answer = await ApiAssert.JsonAsync(await http.PostAsync($"/v1/apps/{app}/reloads", ApiAssert.Json($$"""{"kind":"k1","reloadId":"{{reloadId}}"}""")), HttpStatusCode.Accepted);
            Assert.Equal(reloadId, answer.GetProperty("reloadId").GetGuid());
            Assert.Equal(1, answer.GetProperty("widgets").GetInt32());
        }

        await ApiAssert.ErrorAsync(await http.PostAsync($"/v1/apps/{app}/reloads", ApiAssert.Json("""{"kind":"k1","reloadId":"nope"}""")), HttpStatusCode.BadRequest, "reloadId");
        await ApiAssert.ErrorAsync(await http.PostAsync($"/v1/apps/{app}/reloads", ApiAssert.Json($$"""{"kind":"k1","reloadId":"{{Guid.Empty}}"}""")), HttpStatusCode.BadRequest, "reloadId");
    }
}
