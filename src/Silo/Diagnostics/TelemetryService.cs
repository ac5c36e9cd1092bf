using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Widgets.Silo.Configuration;

namespace Orleans.Widgets.Silo.Diagnostics;

/// <summary>
/// Attaches OpenTelemetry to every <c>ActivitySource</c> and <c>Meter</c> of the project. Registered before
/// every other hosted service so that the listeners exist before the runtime starts, and stopped last so that
/// the spans and metrics of the shutdown are exported too.
/// </summary>
internal sealed partial class TelemetryService : IHostedService, IDisposable
{
    /// <summary>Matches every source and meter named after the project.</summary>
    public const string NamePattern = "Orleans.Widgets*";

    private const string ServiceName = "Orleans.Widgets.Silo";

    private readonly TelemetryOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private TracerProvider? _tracerProvider;
    private MeterProvider? _meterProvider;

    public TelemetryService(IOptions<TelemetryOptions> options, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TelemetryService>();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Exporter == TelemetryExporter.None)
        {
            return Task.CompletedTask;
        }

        var resource = ResourceBuilder.CreateDefault().AddService(ServiceName);
        // ASP.NET Core starts an unrecorded Activity for every request (for log scopes) that the project's spans would
        // otherwise inherit "not sampled" from; a local unrecorded parent does not veto them, a remote decision still does.
        var sampler = new ParentBasedSampler(new AlwaysOnSampler(), localParentNotSampled: new AlwaysOnSampler());
        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).SetSampler(sampler).AddSource(NamePattern);
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(NamePattern);
        var intervalMs = (int)Math.Min(int.MaxValue, _options.MetricExportInterval.TotalMilliseconds);

        if (_options.Exporter == TelemetryExporter.Console)
        {
            var spanLogger = _loggerFactory.CreateLogger(LogActivityExporter.Category);
            var metricLogger = _loggerFactory.CreateLogger(LogMetricExporter.Category);
            tracing.AddProcessor(new SimpleActivityExportProcessor(new LogActivityExporter(spanLogger)));
            metrics.AddReader(new PeriodicExportingMetricReader(new LogMetricExporter(metricLogger), intervalMs));
        }
        else
        {
            tracing.AddOtlpExporter(ConfigureOtlp);
            metrics.AddOtlpExporter((exporter, reader) =>
            {
                ConfigureOtlp(exporter);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs;
            });
        }

        _tracerProvider = tracing.Build();
        _meterProvider = metrics.Build();
        LogExporting(_logger, _options.Exporter, _options.Exporter == TelemetryExporter.Otlp ? _options.OtlpEndpoint?.ToString() ?? "the OTLP default" : "the log");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Flushes what is buffered; the service stops last, after the runtime.
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracerProvider?.Dispose();
        _tracerProvider = null;
        _meterProvider?.Dispose();
        _meterProvider = null;
    }

    private void ConfigureOtlp(OpenTelemetry.Exporter.OtlpExporterOptions exporter)
    {
        exporter.Protocol = _options.OtlpProtocol;
        if (_options.OtlpEndpoint is { } endpoint)
        {
            exporter.Endpoint = endpoint;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Exporting traces and metrics of Orleans.Widgets* ({Exporter}) to {Destination}")]
    private static partial void LogExporting(ILogger logger, TelemetryExporter exporter, string destination);
}
