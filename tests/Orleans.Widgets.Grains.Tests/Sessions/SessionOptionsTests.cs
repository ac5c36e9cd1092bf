using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Sessions;
using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>Session limits bound from <c>Widgets:Sessions</c> and refused when they cannot work.</summary>
public sealed class SessionOptionsTests
{
    private static SessionOptions Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddSessions();
        return services.BuildServiceProvider().GetRequiredService<IOptions<SessionOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_https_only_and_a_configured_list_replaces_them()
    {
        var defaults = Bind([]);
        Assert.Equal(["https"], defaults.EffectiveSchemes);
        Assert.False(defaults.AllowPrivateNetworks);
        Assert.Equal((1024L * 1024, TimeSpan.FromSeconds(30), 3, 64, 5, TimeSpan.FromSeconds(5), 16), (defaults.MaxContentBytes, defaults.DownloadTimeout, defaults.MaxRedirects, defaults.MaxTasksPerSession, defaults.MaxAttempts, defaults.RetryDelay, defaults.MaxConcurrentDownloads));

        var configured = Bind(new() { ["Widgets:Sessions:AllowedSchemes:0"] = "http", ["Widgets:Sessions:AllowedAddresses:0"] = "127.0.0.1", ["Widgets:Sessions:MaxContentBytes"] = "2048" });
        Assert.Equal(["http"], configured.EffectiveSchemes);
        Assert.Equal(["127.0.0.1"], configured.AllowedAddresses);
        Assert.Equal(2048, configured.MaxContentBytes);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_naming_the_setting()
    {
        var validator = new SessionOptionsValidator();
        Assert.True(validator.Validate(null, new SessionOptions()).Succeeded);
        var result = validator.Validate(null, new SessionOptions
        {
            AllowedSchemes = ["ftp"],
            AllowedAddresses = ["not-an-address"],
            MaxContentBytes = 0,
            MaxRedirects = -1,
            RetryDelay = TimeSpan.FromMinutes(2),
            MaxRetryDelay = TimeSpan.FromMinutes(1),
        });
        Assert.True(result.Failed);
        Assert.Contains("Widgets:Sessions:AllowedSchemes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'not-an-address'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Widgets:Sessions:MaxContentBytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Widgets:Sessions:MaxRedirects", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Widgets:Sessions:MaxRetryDelay", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_from_the_retry_delay_up_to_the_limit()
    {
        var options = new SessionOptions { RetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(30) };
        Assert.Equal([5, 10, 20, 30, 30], Enumerable.Range(1, 5).Select(n => options.Backoff(n).TotalSeconds));
    }
}
