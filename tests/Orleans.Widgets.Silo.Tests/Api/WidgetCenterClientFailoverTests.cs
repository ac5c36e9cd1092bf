using System.Net;
using Orleans.Widgets.Client;
using Orleans.Widgets.Silo.Tests.Infrastructure;

namespace Orleans.Widgets.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class WidgetCenterClientFailoverTests(ApiSilo silo)
{
    private static readonly WidgetCenterClientOptions Options = new() { AttemptTimeout = TimeSpan.FromSeconds(10), RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero };

    [Fact]
    public async Task A_silo_that_refuses_connections_is_skipped_for_every_request()
    {
        var app = ApiSilo.NewAppId();
        var key = await silo.CreateAppAsync(app, "character");
        var gone = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        using var client = new WidgetCenterClient([gone, silo.BaseAddress], app, key, Options);

        var status = await client.RegisterWidgetAsync("w1", "character", "systemSmall", "phone");
        Assert.Equal("w1", status.WidgetId);

        // A reload that never reached the dead silo is safe to send to the next one.
        Assert.Equal(1, (await client.ReloadTimelinesAsync("character")).Widgets);
        Assert.NotNull(await client.GetWidgetAsync("w1"));
    }

    [Fact]
    public async Task A_silo_answering_503_hands_the_request_to_the_next_silo()
    {
        var app = ApiSilo.NewAppId();
        var key = await silo.CreateAppAsync(app, "character");
        await using var starting = StubSilo.Unavailable();
        using var client = new WidgetCenterClient([starting.Address, silo.BaseAddress], app, key, Options);

        Assert.Equal(0, (await client.ReloadTimelinesAsync("character")).Widgets);
        Assert.Equal(1, starting.Requests);

        // Later requests start at the silo that answered.
        await client.RegisterWidgetAsync("w1", "character", "systemSmall", "phone");
        Assert.Equal(1, starting.Requests);
    }

    [Fact]
    public async Task A_request_that_may_have_arrived_is_sent_again_except_an_interaction()
    {
        var app = ApiSilo.NewAppId();
        var key = await silo.CreateAppAsync(app, "character");
        await using var dying = StubSilo.DroppingConnections();

        using (var direct = new WidgetCenterClient([silo.BaseAddress], app, key, Options))
        {
            await direct.RegisterWidgetAsync("w1", "character", "systemSmall", "phone");
        }

        using (var client = new WidgetCenterClient([dying.Address, silo.BaseAddress], app, key, Options))
        {
            // A reload carries its id, so a silo that got it already would apply it once.
            Assert.Equal(1, (await client.ReloadAllTimelinesAsync()).Widgets);
            Assert.Equal(1, dying.Requests);
        }

        using (var client = new WidgetCenterClient([dying.Address, silo.BaseAddress], app, key, Options))
        {
            var error = await Assert.ThrowsAsync<WidgetsApiException>(() => client.PostWidgetEventAsync("w1", WidgetEventType.Interaction));
            Assert.Equal((HttpStatusCode)0, error.StatusCode);
            Assert.Equal(2, dying.Requests);
        }

        using (var client = new WidgetCenterClient([dying.Address, silo.BaseAddress], app, key, Options))
        {
            Assert.Single(await client.GetCurrentConfigurationsAsync("phone"));
            Assert.Equal(3, dying.Requests);
        }
    }

    [Fact]
    public async Task When_every_silo_fails_the_error_names_the_last_failure()
    {
        var gone = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        await using var starting = StubSilo.Unavailable();
        using var client = new WidgetCenterClient([gone, starting.Address], "app", "key", new WidgetCenterClientOptions { MaxAttempts = 4, RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<WidgetsApiException>(() => client.GetWidgetAsync("w1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("the silo is starting", error.ServerMessage);
        Assert.Equal(2, starting.Requests);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/relative")]
    public void Addresses_that_are_not_http_are_refused(string address)
        => Assert.Throws<ArgumentException>(() => new WidgetCenterClient([new Uri(address, UriKind.RelativeOrAbsolute)], "app", "key"));

    [Fact]
    public void An_empty_silo_list_is_refused()
        => Assert.Throws<ArgumentException>(() => new WidgetCenterClient(Array.Empty<Uri>(), "app", "key"));
}
