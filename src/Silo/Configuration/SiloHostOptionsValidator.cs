using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.Widgets.Silo.Configuration;

/// <summary>Checks <see cref="SiloHostOptions"/>; every failure names the setting.</summary>
public sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    private static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{SiloHostOptions.SectionName}:{nameof(SiloHostOptions.Port)} must be between 0 and 65535 (was {options.Port})");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{SiloHostOptions.SectionName}:{nameof(SiloHostOptions.ListenAddress)} must be an IP address such as 127.0.0.1 or 0.0.0.0 (was '{options.ListenAddress}')");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero || options.ShutdownTimeout > MaxShutdownTimeout)
        {
            failures.Add($"{SiloHostOptions.SectionName}:{nameof(SiloHostOptions.ShutdownTimeout)} must be more than 0 and at most {MaxShutdownTimeout} (was {options.ShutdownTimeout})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
