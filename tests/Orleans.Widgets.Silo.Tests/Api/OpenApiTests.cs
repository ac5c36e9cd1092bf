using System.Net;

namespace Orleans.Widgets.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiSilo silo)
{
    [Fact]
    public async Task The_openapi_document_lists_every_route()
    {
        using var http = silo.Http();
        var document = await ApiAssert.JsonAsync(await http.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "/v1/apps/{app}",
            "/v1/apps/{app}/widgets/{widgetId}",
            "/v1/apps/{app}/widgets/{widgetId}/events",
            "/v1/apps/{app}/devices/{device}/events",
            "/v1/apps/{app}/devices/{device}/configurations",
            "/v1/apps/{app}/reloads",
            "/v1/clock",
            "/v1/clock/advance",
            "/v1/apps/{app}/sessions/{identifier}",
            "/v1/apps/{app}/sessions/{identifier}/tasks",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }

        var app = paths.GetProperty("/v1/apps/{app}");
        Assert.True(app.TryGetProperty("put", out var put));
        Assert.True(put.TryGetProperty("requestBody", out _));
        Assert.True(app.TryGetProperty("get", out _));
        var widget = paths.GetProperty("/v1/apps/{app}/widgets/{widgetId}");
        Assert.True(widget.TryGetProperty("put", out _));
        Assert.True(widget.TryGetProperty("get", out _));
        Assert.True(widget.TryGetProperty("delete", out _));
        var session = paths.GetProperty("/v1/apps/{app}/sessions/{identifier}");
        Assert.True(session.TryGetProperty("put", out _));
        Assert.True(session.TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/apps/{app}/sessions/{identifier}/tasks").TryGetProperty("post", out _));
    }
}
