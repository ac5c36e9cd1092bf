using System.Diagnostics;
using OpenTelemetry;

namespace Orleans.Widgets.Silo.Diagnostics;

/// <summary>Writes each finished span as one log line (the <c>Console</c> exporter).</summary>
internal sealed partial class LogActivityExporter : BaseExporter<Activity>
{
    public const string Category = "Orleans.Widgets.Telemetry.Spans";

    private readonly ILogger _logger;

    public LogActivityExporter(ILogger logger) => _logger = logger;

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
        {
            var tags = string.Join(' ', activity.TagObjects.Select(static t => $"{t.Key}={t.Value}"));
            LogSpan(_logger, activity.Source.Name, activity.DisplayName, activity.TraceId.ToString(), activity.SpanId.ToString(),
                activity.ParentSpanId.ToString(), activity.Duration.TotalMilliseconds, activity.Status, activity.Links.Count(), tags);
        }

        return ExportResult.Success;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "span {Source} {Name} trace={TraceId} span={SpanId} parent={ParentSpanId} duration={DurationMs:F3}ms status={Status} links={Links} {Tags}")]
    private static partial void LogSpan(ILogger logger, string source, string name, string traceId, string spanId, string parentSpanId,
        double durationMs, ActivityStatusCode status, int links, string tags);
}
