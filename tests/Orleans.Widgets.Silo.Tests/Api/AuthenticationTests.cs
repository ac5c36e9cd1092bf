using System.Net;
using System.Net.Http.Headers;

namespace Orleans.Widgets.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthenticationTests(ApiSilo silo)
{
    private const string OneKind = """{"kinds":[{"kind":"k","provider":{"builtin":"game"}}]}""";

    [Fact]
    public async Task Requests_without_a_valid_key_get_401()
    {
        var app = ApiSilo.NewAppId();
        await silo.CreateAppAsync(app);

        using var anonymous = silo.Http();
        await ApiAssert.ErrorAsync(await anonymous.GetAsync($"/v1/apps/{app}"), HttpStatusCode.Unauthorized, "Bearer");
        await ApiAssert.ErrorAsync(await anonymous.PutAsync($"/v1/apps/{ApiSilo.NewAppId()}", ApiAssert.Json(OneKind)), HttpStatusCode.Unauthorized);
        await ApiAssert.ErrorAsync(await anonymous.GetAsync("/v1/clock"), HttpStatusCode.Unauthorized);

        using var wrong = silo.Http("not-a-key");
        await ApiAssert.ErrorAsync(await wrong.GetAsync($"/v1/apps/{app}"), HttpStatusCode.Unauthorized);
        await ApiAssert.ErrorAsync(await wrong.PostAsync($"/v1/apps/{app}/reloads", ApiAssert.Json("{}")), HttpStatusCode.Unauthorized);
        await ApiAssert.ErrorAsync(await wrong.GetAsync($"/v1/apps/{ApiSilo.NewAppId()}"), HttpStatusCode.Unauthorized);

        using var basic = silo.Http();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", ApiSilo.AdminKey);
        await ApiAssert.ErrorAsync(await basic.GetAsync($"/v1/apps/{app}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_apps_key_on_another_apps_url_gets_404_whether_or_not_that_app_exists()
    {
        var mine = ApiSilo.NewAppId();
        var theirs = ApiSilo.NewAppId();
        var myKey = await silo.CreateAppAsync(mine);
        await silo.CreateAppAsync(theirs);

        using var http = silo.Http(myKey);
        var existing = await ApiAssert.ErrorAsync(await http.GetAsync($"/v1/apps/{theirs}"), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await http.PostAsync($"/v1/apps/{theirs}/reloads", ApiAssert.Json("{}")), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await http.GetAsync($"/v1/apps/{theirs}/devices/d1/configurations"), HttpStatusCode.NotFound);
        var missing = ApiSilo.NewAppId();
        var absent = await ApiAssert.ErrorAsync(await http.GetAsync($"/v1/apps/{missing}"), HttpStatusCode.NotFound);
        Assert.Equal(existing.Replace(theirs, "X", StringComparison.Ordinal), absent.Replace(missing, "X", StringComparison.Ordinal));

        // Twice, so the second answer comes from the verified-key cache.
        for (var i = 0; i < 2; i++)
        {
            using var own = await http.GetAsync($"/v1/apps/{mine}");
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }
    }

    [Fact]
    public async Task Admin_routes_refuse_an_apps_key_with_403_and_change_nothing()
    {
        var app = ApiSilo.NewAppId();
        var key = await silo.CreateAppAsync(app, "before");
        using var http = silo.Http(key);

        await ApiAssert.ErrorAsync(await http.PutAsync($"/v1/apps/{app}", ApiAssert.Json(OneKind)), HttpStatusCode.Forbidden, "admin");
        await ApiAssert.ErrorAsync(await http.PutAsync($"/v1/apps/{ApiSilo.NewAppId()}", ApiAssert.Json(OneKind)), HttpStatusCode.Forbidden);
        await ApiAssert.ErrorAsync(await http.PostAsync("/v1/clock/advance", ApiAssert.Json("""{"seconds":60}""")), HttpStatusCode.Forbidden);

        var read = await ApiAssert.JsonAsync(await http.GetAsync($"/v1/apps/{app}"), HttpStatusCode.OK);
        Assert.Equal("before", read.GetProperty("kinds")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_admin_key_reaches_any_existing_app_and_gets_404_for_an_unknown_one()
    {
        var app = ApiSilo.NewAppId();
        await silo.CreateAppAsync(app);
        using var admin = silo.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/apps/{app}")).StatusCode);
        await ApiAssert.ErrorAsync(await admin.GetAsync($"/v1/apps/{ApiSilo.NewAppId()}"), HttpStatusCode.NotFound, "not found");
        await ApiAssert.ErrorAsync(await admin.PostAsync($"/v1/apps/{ApiSilo.NewAppId()}/reloads", ApiAssert.Json("{}")), HttpStatusCode.NotFound);
    }
}
