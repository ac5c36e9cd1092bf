using System.Net;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>The shared content server answers each path as documented, so session tests can rely on it.</summary>
public sealed class ContentServerTests
{
    [Fact]
    public async Task Serves_bytes_fails_first_then_succeeds_redirects_and_counts_hits()
    {
        await using var server = await ContentServer.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        Assert.Equal(ContentServer.Content(1000), await client.GetByteArrayAsync(server.Url("/bytes/1000")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(server.Url("/flaky/a/2/10"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(server.Url("/flaky/a/2/10"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(server.Url("/flaky/a/2/10"))).StatusCode);
        Assert.Equal(3, server.Hits("/flaky/a/2/10"));

        using var redirect = await client.GetAsync(server.Url("/redirect/2"));
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("/redirect/1", redirect.Headers.Location!.OriginalString);

        using var huge = await client.GetAsync(server.Url("/huge/100000"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Null(huge.Content.Headers.ContentLength);
        Assert.Equal(100_000, (await huge.Content.ReadAsByteArrayAsync()).Length);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(server.Url("/status/404"))).StatusCode);
        Assert.Equal(7, server.TotalHits);
    }
}
