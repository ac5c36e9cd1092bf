namespace Orleans.Widgets.Silo.Configuration;

/// <summary>Where the silo sends its traces and metrics.</summary>
public enum TelemetryExporter
{
    /// <summary>Nowhere: no listener is attached (the default).</summary>
    None,

    /// <summary>To the log, one line per span and per metric point.</summary>
    Console,

    /// <summary>To an OpenTelemetry collector over OTLP.</summary>
    Otlp,
}
