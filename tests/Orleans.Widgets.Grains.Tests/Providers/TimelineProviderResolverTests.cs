using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Grains.Tests.Providers;

public sealed class TimelineProviderResolverTests(ProviderTestServer server) : IClassFixture<ProviderTestServer>
{
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static TimelineBatch Batch(string kind, params string[] widgetIds) => new(
        "app",
        kind,
        [.. widgetIds.Select(id => new TimelineRequest(id, "systemSmall", new Dictionary<string, string>(), ReloadReason.Policy, Now))]);

    /// <summary>An in-process provider whose answer a test chooses: valid, invalid (after without date), or missing.</summary>
    private sealed class ScriptedProvider : InProcessTimelineProvider
    {
        protected override int MaxConcurrency => 4;

        public override TimelineEntry Placeholder(TimelineContext context) => new(context.Now, JsonSerializer.SerializeToElement(0));

        public override Task<Timeline> GetTimelineAsync(TimelineContext context, ReloadReason reason, CancellationToken cancellationToken) =>
            context.WidgetId switch
            {
                "invalid" => Task.FromResult(new Timeline([Placeholder(context)], new ReloadPolicy(ReloadPolicyType.After))),
                "throws" => throw new InvalidOperationException("boom"),
                _ => Task.FromResult(new Timeline([new TimelineEntry(context.Now.AddHours(1), JsonSerializer.SerializeToElement(2)), Placeholder(context)], ReloadPolicy.AtEnd)),
            };
    }

    /// <summary>A batch provider that leaves out every widget named <c>missing</c>.</summary>
    private sealed class ForgetfulProvider : ITimelineProvider
    {
        public TimelineEntry Placeholder(TimelineContext context) => new(context.Now, JsonSerializer.SerializeToElement(0));

        public Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken) => Task.FromResult(Placeholder(context));

        public Task<IReadOnlyList<TimelineResult>> GetTimelinesAsync(TimelineBatch batch, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TimelineResult>>(
            [
                .. batch.Requests
                    .Where(request => request.WidgetId != "missing")
                    .Select(request => TimelineResult.Success(request.WidgetId, new Timeline([new TimelineEntry(request.Now, JsonSerializer.SerializeToElement(1))], ReloadPolicy.Never))),
            ]);
    }

    private static ServiceProvider Services(Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddBuiltinTimelineProvider("scripted", new ScriptedProvider());
        services.AddBuiltinTimelineProvider("forgetful", _ => new ForgetfulProvider());
        services.AddTimelineProviders(options => options.Timeout = TimeSpan.FromSeconds(5));
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Builtin_providers_are_found_by_name_and_held_to_the_same_rules()
    {
        await using var services = Services();
        var resolver = services.GetRequiredService<ITimelineProviderResolver>();
        var scripted = resolver.Resolve("app", new KindSettings { Kind = "k.scripted", BuiltinProvider = "scripted" });
        Assert.Same(scripted, resolver.Resolve("app", new KindSettings { Kind = "k.other", BuiltinProvider = "scripted" }));

        var results = await scripted.GetTimelinesAsync(Batch("k.scripted", "ok", "invalid", "throws"), CancellationToken.None);
        Assert.Equal([Now, Now.AddHours(1)], results[0].Timeline!.Entries.Select(entry => entry.Date));
        Assert.Equal("the provider's timeline is not valid: an 'after' reload policy needs a date", results[1].Error);
        Assert.Equal("the provider failed: boom", results[2].Error);

        var forgetful = resolver.Resolve("app", new KindSettings { Kind = "k.forgetful", BuiltinProvider = "forgetful" });
        var partial = await forgetful.GetTimelinesAsync(Batch("k.forgetful", "a", "missing"), CancellationToken.None);
        Assert.NotNull(partial[0].Timeline);
        Assert.Equal(TimelineResult.Failure("missing", "the provider's answer left out this widget"), partial[1]);
    }

    [Fact]
    public async Task Unknown_names_and_kinds_without_a_provider_are_refused()
    {
        await using var services = Services();
        var resolver = services.GetRequiredService<ITimelineProviderResolver>();
        var unknown = Assert.Throws<InvalidOperationException>(() => resolver.Resolve("app", new KindSettings { Kind = "k", BuiltinProvider = "nope" }));
        Assert.Equal("No built-in timeline provider is named 'nope' (registered: forgetful, scripted).", unknown.Message);
        var none = Assert.Throws<InvalidOperationException>(() => resolver.Resolve("app", new KindSettings { Kind = "k" }));
        Assert.Equal("Kind 'k' of app 'app' names neither a provider URL nor a built-in provider.", none.Message);
    }

    [Fact]
    public void Two_builtin_providers_may_not_share_a_name()
    {
        using var services = Services(more => more.AddBuiltinTimelineProvider("scripted", new ForgetfulProvider()));
        var exception = Assert.Throws<ArgumentException>(() => services.GetRequiredService<ITimelineProviderResolver>());
        Assert.Contains("Two built-in timeline providers are named 'scripted'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_kinds_get_one_provider_per_url_over_the_shared_client()
    {
        await using var services = Services();
        var resolver = services.GetRequiredService<ITimelineProviderResolver>();
        var provider = resolver.Resolve("app", new KindSettings { Kind = "k.http", ProviderUrl = server.Url("/ok") });
        Assert.Same(provider, resolver.Resolve("app", new KindSettings { Kind = "k.http2", ProviderUrl = server.Url("/ok") }));
        Assert.NotSame(provider, resolver.Resolve("app", new KindSettings { Kind = "k.http", ProviderUrl = server.Url("/missing") }));

        var results = await provider.GetTimelinesAsync(Batch("k.http", "w1", "w2"), CancellationToken.None);
        Assert.All(results, result => Assert.NotNull(result.Timeline));
    }

    [Fact]
    public async Task Calls_are_traced_and_measured_with_low_cardinality_tags()
    {
        var kind = "k.telemetry." + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Orleans.Widgets.Providers",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((string?)activity.GetTagItem("widgets.kind") == kind)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Orleans.Widgets.Providers")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if ((string?)map.GetValueOrDefault("widgets.kind") == kind)
            {
                measurements.Enqueue((instrument.Name, value, map));
            }
        }

        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.Start();

        await using var services = Services();
        var resolver = services.GetRequiredService<ITimelineProviderResolver>();
        await resolver.Resolve("app", new KindSettings { Kind = kind, ProviderUrl = server.Url("/missing") })
            .GetTimelinesAsync(Batch(kind, "w1", "w2"), CancellationToken.None);
        await Assert.ThrowsAsync<TimelineProviderException>(() => resolver.Resolve("app", new KindSettings { Kind = kind, ProviderUrl = server.Url("/error") })
            .GetTimelinesAsync(Batch(kind, "w1"), CancellationToken.None));
        await resolver.Resolve("app", new KindSettings { Kind = kind, BuiltinProvider = "scripted" })
            .GetTimelinesAsync(Batch(kind, "ok", "invalid", "ok2"), CancellationToken.None);

        var calls = spans.ToArray();
        Assert.Equal(3, calls.Length);
        Assert.All(calls, span => Assert.Equal("provider.call", span.OperationName));
        Assert.Equal(["http", "http", "builtin"], calls.Select(span => (string?)span.GetTagItem("widgets.provider.type")));
        Assert.Equal([2, 1, 3], calls.Select(span => (int?)span.GetTagItem("widgets.batch.size")));
        Assert.Equal([null, "500", null], calls.Select(span => (string?)span.GetTagItem("error.type")));
        Assert.Equal(ActivityStatusCode.Error, calls[1].Status);
        Assert.All(calls, span => Assert.DoesNotContain(span.TagObjects, tag => tag.Key.Contains("widget.id", StringComparison.Ordinal) || tag.Key == "widgets.app"));

        var all = measurements.ToArray();
        Assert.Equal(3, all.Count(m => m.Instrument == "widgets.provider.call.duration"));
        Assert.Equal([2.0, 1.0, 3.0], all.Where(m => m.Instrument == "widgets.provider.batch.size").Select(m => m.Value));
        var errors = all.Where(m => m.Instrument == "widgets.provider.errors")
            .Select(m => ((string)m.Tags["error.type"]!, m.Value))
            .OrderBy(e => e.Item1, StringComparer.Ordinal);
        Assert.Equal([("500", 1.0), ("invalid_timeline", 1.0), ("missing_widget", 1.0)], errors);
    }
}
