using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>Refuses session limits that cannot work, naming the setting.</summary>
public sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var prefix = SessionOptions.SectionName + ":";
        if (options.AllowedSchemes.Exists(s => !string.Equals(s, "https", StringComparison.OrdinalIgnoreCase) && !string.Equals(s, "http", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{prefix}AllowedSchemes must list http and/or https.");
        }

        foreach (var address in options.AllowedAddresses)
        {
            if (!IPNetwork.TryParse(address, out _) && !IPAddress.TryParse(address, out _))
            {
                failures.Add($"{prefix}AllowedAddresses: '{address}' is neither an IP address nor a network.");
            }
        }

        Positive(options.MaxContentBytes, "MaxContentBytes");
        Positive(options.DownloadTimeout.Ticks, "DownloadTimeout");
        Positive(options.MaxTasksPerSession, "MaxTasksPerSession");
        Positive(options.MaxAttempts, "MaxAttempts");
        Positive(options.RetryDelay.Ticks, "RetryDelay");
        Positive(options.MaxConcurrentDownloads, "MaxConcurrentDownloads");
        Positive(options.CallbackTimeout.Ticks, "CallbackTimeout");
        Positive(options.WatchdogPeriod.Ticks, "WatchdogPeriod");
        if (options.MaxRedirects < 0)
        {
            failures.Add($"{prefix}MaxRedirects must not be negative.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"{prefix}MaxRetryDelay must not be shorter than RetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(long value, string setting)
        {
            if (value <= 0)
            {
                failures.Add($"{prefix}{setting} must be positive.");
            }
        }
    }
}
