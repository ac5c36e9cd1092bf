using System.Net;

namespace Orleans.Widgets.Silo.Tests.Api;

/// <summary>Bad input to the widget, device and reload routes: 4xx with a message, refused before any grain changes.</summary>
[Collection(ApiCollection.Name)]
public sealed class InputValidationTests(ApiSilo silo)
{
    [Theory]
    [InlineData("w1", """{"kind":"nope","family":"systemSmall","device":"d1"}""", "unknown kind 'nope'")]
    [InlineData("w1", """{"family":"systemSmall","device":"d1"}""", "kind")]
    [InlineData("w1", """{"kind":"k1","device":"d1"}""", "family")]
    [InlineData("w1", """{"kind":"k1","family":"systemSmall"}""", "device")]
    [InlineData("w1", """{"kind":"k1","family":"systemSmall","device":"a/b"}""", "device")]
    [InlineData("w1", """{"kind":"k1","family":"systemSmall","device":"d1","configuration":{"level":3}}""", "configuration.level must be a string")]
    [InlineData("w1", """{"kind":"k1","family":"systemSmall","device":"d1","configuration":{"nested":{"a":"b"}}}""", "configuration.nested")]
    [InlineData("w1", """{"kind":"k1","family":"systemSmall","device":"d1","configuration":["x"]}""", "malformed JSON at 'configuration'")]
    [InlineData("w1", """{"kind":"k1",""", "malformed JSON")]
    [InlineData("has%20space", """{"kind":"k1","family":"systemSmall","device":"d1"}""", "widgetId")]
    public async Task A_bad_widget_registration_is_refused(string widgetId, string json, string message)
    {
        var app = ApiSilo.NewAppId();
        using var http = silo.Http(await silo.CreateAppAsync(app, "k1"));
        await ApiAssert.ErrorAsync(await http.PutAsync($"/v1/apps/{app}/widgets/{widgetId}", ApiAssert.Json(json)), HttpStatusCode.BadRequest, message);
    }

    [Theory]
    [InlineData("""{}""", "type is required")]
    [InlineData("""{"type":"seen"}""", "type 'seen'")]
    [InlineData("""{"type":1}""", "malformed JSON at 'type'")]
    public async Task A_bad_widget_event_is_refused(string json, string message)
    {
        var app = ApiSilo.NewAppId();
        using var http = silo.Http(await silo.CreateAppAsync(app, "k1"));
        await ApiAssert.ErrorAsync(await http.PostAsync($"/v1/apps/{app}/widgets/w1/events", ApiAssert.Json(json)), HttpStatusCode.BadRequest, message);
    }

    [Theory]
    [InlineData("""{}""", "type is required")]
    [InlineData("""{"type":"AppForeground"}""", "type 'AppForeground'")]
    [InlineData("""{"type":"location"}""", "location")]
    [InlineData("""{"type":"location","location":{"lat":10}}""", "location")]
    [InlineData("""{"type":"location","location":{"lat":90.5,"lon":0}}""", "location.lat")]
    [InlineData("""{"type":"location","location":{"lat":-91,"lon":0}}""", "location.lat")]
    [InlineData("""{"type":"location","location":{"lat":0,"lon":180.1}}""", "location.lon")]
    [InlineData("""{"type":"location","location":{"lat":0,"lon":-181}}""", "location.lon")]
    public async Task A_bad_device_event_is_refused(string json, string message)
    {
        var app = ApiSilo.NewAppId();
        using var http = silo.Http(await silo.CreateAppAsync(app, "k1"));
        await ApiAssert.ErrorAsync(await http.PostAsync($"/v1/apps/{app}/devices/d1/events", ApiAssert.Json(json)), HttpStatusCode.BadRequest, message);
    }

    [Theory]
    [InlineData("""{"kind":"nope"}""", "unknown kind 'nope'")]
    [InlineData("""{"configuration":{"character":"panda"}}""", "kind is required")]
    [InlineData("""{"kind":"k1","configuration":{"character":7}}""", "configuration.character must be a string")]
    [InlineData("""{"kind":""", "malformed JSON")]
    [InlineData("""{"kind":5}""", "malformed JSON at 'kind'")]
    public async Task A_bad_reload_is_refused(string json, string message)
    {
        var app = ApiSilo.NewAppId();
        using var http = silo.Http(await silo.CreateAppAsync(app, "k1"));
        await ApiAssert.ErrorAsync(await http.PostAsync($"/v1/apps/{app}/reloads", ApiAssert.Json(json)), HttpStatusCode.BadRequest, message);
    }
}
