using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;

namespace Orleans.Widgets.Grains.Tests.Providers;

public sealed class HttpTimelineProviderTests(ProviderTestServer server) : IClassFixture<ProviderTestServer>, IDisposable
{
    private const string Kind = "com.mygame.character-detail";

    private static readonly DateTimeOffset Now = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _httpClient = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    private static TimelineBatch Batch(params string[] widgetIds) => new(
        "game-app",
        Kind,
        [.. widgetIds.Select((id, i) => new TimelineRequest(
            id,
            "systemSmall",
            new Dictionary<string, string> { ["character"] = i == 0 ? "panda" : "dragon" },
            i == 0 ? ReloadReason.AppRequested : ReloadReason.Added,
            Now.AddMinutes(i)))]);

    private HttpTimelineProvider Provider(string path, HttpTimelineProviderOptions? options = null) =>
        new(_httpClient, server.Url(path), options);

    public void Dispose() => _httpClient.Dispose();

    [Fact]
    public async Task Sends_the_contract_and_maps_the_answer()
    {
        var results = await Provider("/ok").GetTimelinesAsync(Batch("w1", "w2"), CancellationToken.None);

        Assert.Equal(
            """{"app":"game-app","kind":"com.mygame.character-detail","requests":[""" +
            """{"widgetId":"w1","family":"systemSmall","configuration":{"character":"panda"},"reason":"appRequested","now":"2030-03-01T09:00:00+00:00"},""" +
            """{"widgetId":"w2","family":"systemSmall","configuration":{"character":"dragon"},"reason":"added","now":"2030-03-01T09:01:00+00:00"}]}""",
            server.Bodies["/ok"]);

        Assert.Equal(["w1", "w2"], results.Select(result => result.WidgetId));
        var first = results[0];
        Assert.Null(first.Error);
        Assert.NotNull(first.Timeline);
        Assert.Equal([Now, Now.AddHours(1)], first.Timeline.Entries.Select(entry => entry.Date));
        Assert.Equal("""{"widget":"w1","step":0}""", first.Timeline.Entries[0].Content.GetRawText());
        Assert.Equal(0.5, first.Timeline.Entries[0].Relevance);
        Assert.Null(first.Timeline.Entries[1].Relevance);
        Assert.Equal(ReloadPolicy.After(Now.AddHours(2)), first.Timeline.Policy);
        Assert.Equal(ReloadPolicy.After(Now.AddMinutes(1).AddHours(2)), results[1].Timeline!.Policy);
    }

    [Fact]
    public async Task Local_times_are_sent_in_utc()
    {
        var local = new TimelineBatch("game-app", Kind, [new TimelineRequest("w1", "systemLarge", new Dictionary<string, string>(), ReloadReason.BecameVisible, Now.ToOffset(TimeSpan.FromHours(9)))]);
        var results = await Provider("/ok").GetTimelinesAsync(local, CancellationToken.None);
        Assert.Contains("\"reason\":\"becameVisible\",\"now\":\"2030-03-01T09:00:00+00:00\"", server.Bodies["/ok"], StringComparison.Ordinal);
        Assert.NotNull(results[0].Timeline);
    }

    [Fact]
    public void Reason_names_are_camel_case()
    {
        Assert.Equal(
            ["added", "policy", "appRequested", "becameVisible", "location", "localeChanged", "dynamicTypeChanged", "accessibilityChanged", "interaction", "retry"],
            Enum.GetValues<ReloadReason>().Select(HttpTimelineProvider.ReasonName));
    }

    [Fact]
    public async Task Entries_are_sorted_by_date()
    {
        var results = await Provider("/unsorted").GetTimelinesAsync(Batch("w1"), CancellationToken.None);
        Assert.Equal([Now, Now.AddHours(1)], results[0].Timeline!.Entries.Select(entry => entry.Date));
    }

    [Fact]
    public async Task A_slow_provider_times_out()
    {
        var provider = Provider("/slow", new HttpTimelineProviderOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();
        var exception = await Assert.ThrowsAsync<TimelineProviderException>(() => provider.GetTimelinesAsync(Batch("w1"), CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(TimelineProviderErrorKind.Timeout, exception.Kind);
        Assert.Equal("timeout", exception.ErrorType);
        Assert.Contains("did not answer within 0.3 s", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_timeout()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Provider("/slow").GetTimelinesAsync(Batch("w1"), cancel.Token));
    }

    [Fact]
    public async Task A_500_names_the_status()
    {
        var exception = await Assert.ThrowsAsync<TimelineProviderException>(() => Provider("/error").GetTimelinesAsync(Batch("w1"), CancellationToken.None));
        Assert.Equal(TimelineProviderErrorKind.HttpStatus, exception.Kind);
        Assert.Equal(500, exception.StatusCode);
        Assert.Equal("500", exception.ErrorType);
        Assert.Contains("answered 500 (Internal Server Error): database is down", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_names_the_parse_error_with_an_excerpt()
    {
        var exception = await Assert.ThrowsAsync<TimelineProviderException>(() => Provider("/malformed").GetTimelinesAsync(Batch("w1"), CancellationToken.None));
        Assert.Equal(TimelineProviderErrorKind.MalformedAnswer, exception.Kind);
        Assert.Equal("malformed_answer", exception.ErrorType);
        Assert.Contains("sent an answer that is not valid", exception.Message, StringComparison.Ordinal);
        Assert.Contains("""Answer begins: {"timelines": [ {"widgetId": "w1", "entries": [ {"date": """, exception.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(exception.InnerException);
    }

    [Fact]
    public async Task An_answer_without_timelines_is_malformed()
    {
        var exception = await Assert.ThrowsAsync<TimelineProviderException>(() => Provider("/no-timelines").GetTimelinesAsync(Batch("w1"), CancellationToken.None));
        Assert.Equal(TimelineProviderErrorKind.MalformedAnswer, exception.Kind);
        Assert.Contains("without a 'timelines' array", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/large?length=1")]
    [InlineData("/large")]
    public async Task An_answer_over_the_size_limit_fails(string path)
    {
        var provider = Provider(path, new HttpTimelineProviderOptions { MaxResponseBytes = 4096 });
        var exception = await Assert.ThrowsAsync<TimelineProviderException>(() => provider.GetTimelinesAsync(Batch("w1"), CancellationToken.None));
        Assert.Equal(TimelineProviderErrorKind.AnswerTooLarge, exception.Kind);
        Assert.Contains("at most 4096 are accepted", exception.Message, StringComparison.Ordinal);

        // The same answer under the default limit is fine (an empty list of timelines: the widget is missing).
        var results = await Provider(path).GetTimelinesAsync(Batch("w1"), CancellationToken.None);
        Assert.Equal(HttpTimelineProvider.MissingWidgetError, results[0].Error);
    }

    [Fact]
    public async Task A_widget_left_out_fails_alone()
    {
        var results = await Provider("/missing").GetTimelinesAsync(Batch("w1", "w2", "w3"), CancellationToken.None);
        Assert.NotNull(results[0].Timeline);
        Assert.NotNull(results[1].Timeline);
        Assert.Equal(TimelineResult.Failure("w3", "the provider's answer left out this widget"), results[2]);
    }

    [Fact]
    public async Task An_invalid_timeline_fails_alone()
    {
        var results = await Provider("/invalid").GetTimelinesAsync(Batch("w1", "w2"), CancellationToken.None);
        Assert.Null(results[0].Timeline);
        Assert.Equal("the provider's timeline is not valid: an 'after' reload policy needs a date", results[0].Error);
        Assert.NotNull(results[1].Timeline);
    }

    [Fact]
    public async Task An_unreachable_provider_fails_the_batch()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var provider = new HttpTimelineProvider(_httpClient, new Uri($"http://127.0.0.1:{port}/timelines"), new HttpTimelineProviderOptions { Timeout = TimeSpan.FromSeconds(5) });
        var exception = await Assert.ThrowsAsync<TimelineProviderException>(() => provider.GetTimelinesAsync(Batch("w1"), CancellationToken.None));
        Assert.Equal(TimelineProviderErrorKind.Unreachable, exception.Kind);
        Assert.Contains("could not be reached", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_is_the_first_entry_and_the_placeholder_on_failure()
    {
        var context = new TimelineContext("game-app", Kind, "w9", "systemSmall", new Dictionary<string, string> { ["character"] = "panda" }, Now);
        var snapshot = await Provider("/ok").GetSnapshotAsync(context, CancellationToken.None);
        Assert.Equal(Now, snapshot.Date);
        Assert.Equal("""{"widget":"w9","step":0}""", snapshot.Content.GetRawText());
        Assert.Contains("\"widgetId\":\"w9\"", server.Bodies["/ok"], StringComparison.Ordinal);

        var fallback = await Provider("/error").GetSnapshotAsync(context, CancellationToken.None);
        Assert.Equal(Now, fallback.Date);
        Assert.Equal("{}", fallback.Content.GetRawText());

        var placeholder = Provider("/ok").Placeholder(context);
        Assert.Equal(Now, placeholder.Date);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, placeholder.Content.ValueKind);
    }

    [Fact]
    public void Only_absolute_http_endpoints_are_accepted()
    {
        Assert.Throws<ArgumentException>(() => new HttpTimelineProvider(_httpClient, new Uri("ftp://example.com/x")));
        Assert.Throws<ArgumentException>(() => new HttpTimelineProvider(_httpClient, new Uri("/relative", UriKind.Relative)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpTimelineProvider(_httpClient, server.Url("/ok"), new HttpTimelineProviderOptions { MaxResponseBytes = 0 }));
    }
}
