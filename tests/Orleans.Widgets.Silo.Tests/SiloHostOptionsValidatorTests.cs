using Microsoft.Extensions.Options;
using Orleans.Widgets.Silo.Configuration;
using Orleans.Widgets.Silo.Hosting;

namespace Orleans.Widgets.Silo.Tests;

public sealed class SiloHostOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new SiloHostOptionsValidator().Validate(null, new SiloHostOptions()).Succeeded);
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions()).Succeeded);
    }

    [Theory]
    [InlineData(-1, "127.0.0.1", 30, "Widgets:Port")]
    [InlineData(65536, "127.0.0.1", 30, "Widgets:Port")]
    [InlineData(5400, "localhost.example", 30, "Widgets:ListenAddress")]
    [InlineData(5400, "127.0.0.1", 0, "Widgets:ShutdownTimeout")]
    public void Each_failure_names_the_setting(int port, string address, int shutdownSeconds, string setting)
    {
        var result = new SiloHostOptionsValidator().Validate(null,
            new SiloHostOptions { Port = port, ListenAddress = address, ShutdownTimeout = TimeSpan.FromSeconds(shutdownSeconds) });
        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_otlp_endpoint_is_rejected()
    {
        var result = new TelemetryOptionsValidator().Validate(null,
            new TelemetryOptions { Exporter = TelemetryExporter.Otlp, OtlpEndpoint = new Uri("collector", UriKind.Relative) });
        Assert.Contains("Widgets:Telemetry:OtlpEndpoint", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_errors_become_one_line()
    {
        var validation = new OptionsValidationException("x", typeof(SiloHostOptions), ["Widgets:Port must be between 0 and 65535 (was -1)"]);
        Assert.Equal("Widgets:Port must be between 0 and 65535 (was -1)", ConfigurationErrors.Describe(validation));

        var binding = new InvalidOperationException("Failed to convert configuration value 'abc' at 'Widgets:Port' to type 'System.Int32'.");
        Assert.Contains("Widgets:Port", ConfigurationErrors.Describe(new AggregateException(binding)), StringComparison.Ordinal);

        Assert.Null(ConfigurationErrors.Describe(new IOException("disk full")));
        Assert.Equal("IOException: disk full", ConfigurationErrors.DescribeAny(new IOException("disk full")));
    }
}
