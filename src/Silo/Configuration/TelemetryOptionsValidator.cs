using Microsoft.Extensions.Options;

namespace Orleans.Widgets.Silo.Configuration;

/// <summary>Checks <see cref="TelemetryOptions"/>; every failure names the setting.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Exporter))
        {
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Exporter)} must be None, Console or Otlp (was {options.Exporter})");
        }

        if (options.OtlpEndpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OtlpEndpoint)} must be an absolute http or https address (was '{endpoint}')");
        }

        if (options.MetricExportInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.MetricExportInterval)} must be at least 1 second (was {options.MetricExportInterval})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
