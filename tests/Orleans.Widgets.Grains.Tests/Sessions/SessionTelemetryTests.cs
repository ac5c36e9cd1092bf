using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>A session's downloads and deliveries are traced and counted on the <c>Orleans.Widgets.Sessions</c> source and meter.</summary>
public sealed class SessionTelemetryTests : SessionTest
{
    [Fact]
    public async Task Downloads_and_events_emit_spans_and_counters()
    {
        var identifier = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Orleans.Widgets.Sessions",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        var measurements = new ConcurrentQueue<(string Name, long Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Orleans.Widgets.Sessions")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meters.Start();

        var session = await AttachAsync(identifier);
        await AddAsync(session, Content.Url("/bytes/1234"), "a");
        await SettleAsync();

        var download = Assert.Single(spans, s => s.OperationName == "widgets.session.download" && Equals(s.GetTagItem("http.response.body.size"), 1234));
        Assert.Equal("succeeded", download.GetTagItem("widgets.session.download.outcome"));
        Assert.Equal(200, download.GetTagItem("http.response.status_code"));
        var events = spans.Where(s => s.OperationName == "widgets.session.event" && ((string?)s.GetTagItem("widgets.session.event.id"))?.StartsWith(identifier + "/", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["didFinishDownloading", "didFinishEvents", "completed"], events.Select(s => (string?)s.GetTagItem("widgets.session.event.type")));

        Assert.Contains(measurements, m => m.Name == "widgets.session.download.bytes" && m.Value == 1234);
        Assert.Contains(measurements, m => m.Name == "widgets.session.tasks" && Equals(m.Tags["widgets.session.task.outcome"], "finished"));
        Assert.Contains(measurements, m => m.Name == "widgets.session.events" && Equals(m.Tags["widgets.session.event.type"], "completed") && Equals(m.Tags["widgets.session.event.outcome"], "delivered"));
    }
}
