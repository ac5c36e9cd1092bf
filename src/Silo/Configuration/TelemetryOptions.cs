using OpenTelemetry.Exporter;

namespace Orleans.Widgets.Silo.Configuration;

/// <summary>Tracing and metrics export (section <c>Widgets:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Widgets:Telemetry";

    /// <summary>The exporter.</summary>
    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>The collector's address for <see cref="TelemetryExporter.Otlp"/>; the OTLP default when unset.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport: <c>Grpc</c> (port 4317 by convention) or <c>HttpProtobuf</c> (port 4318).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>How often metrics are exported.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(60);
}
