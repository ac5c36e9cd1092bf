using System.Net;
using System.Net.Http.Json;

namespace Orleans.Widgets.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AppsApiTests(ApiSilo silo)
{
    private const string OneKind = """{"kinds":[{"kind":"com.game.character","provider":{"url":"https://game.example/timelines"}}]}""";

    [Fact]
    public async Task Creating_an_app_returns_its_key_once_and_updating_replaces_the_kinds()
    {
        var app = ApiSilo.NewAppId();
        using var admin = silo.Admin();

        using var created = await admin.PutAsync($"/v1/apps/{app}", ApiAssert.Json(OneKind));
        var body = await ApiAssert.JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal(app, body.GetProperty("app").GetString());
        var key = body.GetProperty("apiKey").GetString()!;
        Assert.Equal(43, key.Length);
        Assert.Equal($"/v1/apps/{app}", created.Headers.Location?.OriginalString);

        const string TwoKinds = """
            {"kinds":[
              {"kind":"com.game.character","provider":{"builtin":"game"},"minReloadIntervalSeconds":900,"coalesceWindowSeconds":0,"usesLocation":true},
              {"kind":"com.game.guild","provider":{"url":"http://game.example/guild"}}]}
            """;
        using var updated = await admin.PutAsync($"/v1/apps/{app}", ApiAssert.Json(TwoKinds));
        var updateBody = await ApiAssert.JsonAsync(updated, HttpStatusCode.OK);
        Assert.Equal(app, updateBody.GetProperty("app").GetString());
        Assert.False(updateBody.TryGetProperty("apiKey", out _));

        // The original key still works, and the app reads back the new kinds with defaults filled in.
        using var own = silo.Http(key);
        var read = await ApiAssert.JsonAsync(await own.GetAsync($"/v1/apps/{app}"), HttpStatusCode.OK);
        var kinds = read.GetProperty("kinds");
        Assert.Equal(2, kinds.GetArrayLength());
        Assert.Equal("game", kinds[0].GetProperty("provider").GetProperty("builtin").GetString());
        Assert.Equal(900, kinds[0].GetProperty("minReloadIntervalSeconds").GetInt32());
        Assert.Equal(0, kinds[0].GetProperty("coalesceWindowSeconds").GetInt32());
        Assert.True(kinds[0].GetProperty("usesLocation").GetBoolean());
        Assert.Equal(300, kinds[1].GetProperty("minReloadIntervalSeconds").GetInt32());
        Assert.Equal(30, kinds[1].GetProperty("coalesceWindowSeconds").GetInt32());
    }

    [Theory]
    [InlineData("""{}""", "kinds")]
    [InlineData("""{"kinds":[]}""", "kinds")]
    [InlineData("""{"kinds":[null]}""", "kinds[0]")]
    [InlineData("""{"kinds":[{"provider":{"url":"https://a.example"}}]}""", "kinds[0].kind")]
    [InlineData("""{"kinds":[{"kind":"","provider":{"url":"https://a.example"}}]}""", "kinds[0].kind")]
    [InlineData("""{"kinds":[{"kind":"a/b","provider":{"url":"https://a.example"}}]}""", "kinds[0].kind")]
    [InlineData("""{"kinds":[{"kind":"a b","provider":{"url":"https://a.example"}}]}""", "kinds[0].kind")]
    [InlineData("""{"kinds":[{"kind":"k"}]}""", "kinds[0].provider")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{}}]}""", "kinds[0].provider")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"url":"https://a.example","builtin":"x"}}]}""", "kinds[0].provider")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"url":"ftp://a.example/x"}}]}""", "kinds[0].provider.url")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"url":"/relative"}}]}""", "kinds[0].provider.url")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"builtin":"has space"}}]}""", "kinds[0].provider.builtin")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"builtin":"x"},"minReloadIntervalSeconds":299}]}""", "kinds[0].minReloadIntervalSeconds")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"builtin":"x"},"coalesceWindowSeconds":-1}]}""", "kinds[0].coalesceWindowSeconds")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"builtin":"x"},"coalesceWindowSeconds":3601}]}""", "kinds[0].coalesceWindowSeconds")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"builtin":"x"}},{"kind":"k","provider":{"builtin":"y"}}]}""", "kinds[1].kind")]
    [InlineData("""{"kinds":[{"kind":""", "malformed JSON")]
    [InlineData("""{"kinds":"nope"}""", "malformed JSON at 'kinds'")]
    [InlineData("""{"kinds":[{"kind":"k","provider":{"builtin":"x"},"minReloadIntervalSeconds":"soon"}]}""", "minReloadIntervalSeconds")]
    [InlineData("""[1,2]""", "malformed JSON")]
    [InlineData("", "required")]
    public async Task An_invalid_app_definition_is_refused_with_a_message_and_changes_nothing(string json, string field)
    {
        var existing = ApiSilo.NewAppId();
        var key = await silo.CreateAppAsync(existing, "original");
        var fresh = ApiSilo.NewAppId();
        using var admin = silo.Admin();

        await ApiAssert.ErrorAsync(await admin.PutAsync($"/v1/apps/{existing}", ApiAssert.Json(json)), HttpStatusCode.BadRequest, field);
        await ApiAssert.ErrorAsync(await admin.PutAsync($"/v1/apps/{fresh}", ApiAssert.Json(json)), HttpStatusCode.BadRequest, field);

        using var own = silo.Http(key);
        var read = await ApiAssert.JsonAsync(await own.GetAsync($"/v1/apps/{existing}"), HttpStatusCode.OK);
        Assert.Equal("original", Assert.Single(read.GetProperty("kinds").EnumerateArray()).GetProperty("kind").GetString());
        await ApiAssert.ErrorAsync(await admin.GetAsync($"/v1/apps/{fresh}"), HttpStatusCode.NotFound, fresh);
    }

    [Theory]
    [InlineData("has%20space", "app")]
    [InlineData("%23shard", "app")]
    [InlineData("tab%09", "app")]
    public async Task An_invalid_app_id_is_refused(string app, string field)
    {
        using var admin = silo.Admin();
        await ApiAssert.ErrorAsync(await admin.PutAsync($"/v1/apps/{app}", ApiAssert.Json(OneKind)), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_app_id_longer_than_200_characters_is_refused()
    {
        using var admin = silo.Admin();
        var app = new string('a', 201);
        await ApiAssert.ErrorAsync(await admin.PutAsync($"/v1/apps/{app}", ApiAssert.Json(OneKind)), HttpStatusCode.BadRequest, "200");
        var longest = ($"{Guid.NewGuid():N}" + new string('b', 200))[..200];
        using var ok = await admin.PutAsync($"/v1/apps/{longest}", ApiAssert.Json(OneKind));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_an_error_body()
    {
        using var admin = silo.Admin();
        using var form = new StringContent("kinds=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        await ApiAssert.ErrorAsync(await admin.PutAsync($"/v1/apps/{ApiSilo.NewAppId()}", form), HttpStatusCode.UnsupportedMediaType, "JSON");
        await ApiAssert.ErrorAsync(await admin.PostAsJsonAsync($"/v1/apps/{ApiSilo.NewAppId()}", new { }), HttpStatusCode.MethodNotAllowed);
        await ApiAssert.ErrorAsync(await admin.GetAsync("/v1/nothing-here"), HttpStatusCode.NotFound);
    }
}
