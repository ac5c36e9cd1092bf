using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Orleans.Widgets.Silo.Diagnostics;

/// <summary>Writes each metric point as one log line (the <c>Console</c> exporter).</summary>
internal sealed partial class LogMetricExporter : BaseExporter<Metric>
{
    public const string Category = "Orleans.Widgets.Telemetry.Metrics";

    private readonly ILogger _logger;

    public LogMetricExporter(ILogger logger) => _logger = logger;

    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new List<string>();
                foreach (var tag in point.Tags)
                {
                    tags.Add($"{tag.Key}={tag.Value}");
                }

                LogPoint(_logger, metric.MeterName, metric.Name, metric.Unit ?? string.Empty, Describe(metric.MetricType, point), string.Join(' ', tags));
            }
        }

        return ExportResult.Success;
    }

    private static string Describe(MetricType type, in MetricPoint point) => type switch
    {
        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong().ToString(CultureInfo.InvariantCulture),
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble().ToString(CultureInfo.InvariantCulture),
        MetricType.LongGauge => point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture),
        MetricType.DoubleGauge => point.GetGaugeLastValueDouble().ToString(CultureInfo.InvariantCulture),
        MetricType.Histogram or MetricType.ExponentialHistogram => string.Create(CultureInfo.InvariantCulture,
            $"count={point.GetHistogramCount()} sum={point.GetHistogramSum()}"),
        _ => type.ToString(),
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "metric {Meter} {Name} [{Unit}] {Value} {Tags}")]
    private static partial void LogPoint(ILogger logger, string meter, string name, string unit, string value, string tags);
}
