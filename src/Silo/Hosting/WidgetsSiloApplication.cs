using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Time;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Silo.Configuration;
using Orleans.Widgets.Silo.Diagnostics;
using Orleans.Widgets.Silo.Hosting;

namespace Orleans.Widgets.Hosting;

/// <summary>
/// The silo host's entry points: the command line (<c>run</c>, <c>migrate</c>) and a builder that test or custom
/// hosts reuse to add their own grain assemblies and endpoints.
/// </summary>
public static class WidgetsSiloApplication
{
    /// <summary>
    /// Creates a silo builder. <paramref name="args"/> are configuration only (<c>--Widgets:Port=5400</c>); together with
    /// <c>appsettings.json</c> beside the executable and environment variables (<c>Widgets__Port=5400</c>) they are the
    /// standard configuration sources. The host's settings, telemetry and the domain grains are already added.
    /// </summary>
    public static WidgetsSiloBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var application = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        var services = application.Services;

        // First, so that its listeners exist before the runtime's hosted service starts (and it stops last).
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddHostedService<TelemetryService>();

        services.AddOptions<SiloHostOptions>().BindConfiguration(SiloHostOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloHostOptions>, SiloHostOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<SiloHostOptions>>(
            static (host, silo) => host.ShutdownTimeout = silo.Value.ShutdownTimeout);

        AddClock(application);
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        if (application.Configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>()?.Enabled == true)
        {
            services.AddGameDemo();
            services.AddNewsDemo();
            services.AddSingleton<DemoThumbnailServer>();

            // The news demo downloads its thumbnails from a server the silo starts on 127.0.0.1: allowed for the demo only.
            services.AddSessions();
            services.PostConfigure<Grains.Sessions.SessionOptions>(static sessions =>
            {
                var schemes = sessions.EffectiveSchemes.Append("http").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                sessions.AllowedSchemes = schemes;
                sessions.AllowedAddresses.Add("127.0.0.1");
            });
        }

        // Kestrel listens on the configured address only.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SiloHostOptions>>(static (kestrel, silo) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(silo.Value.ListenAddress), silo.Value.Port);
        });

        application.Logging.AddSimpleConsole(static console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });

        var silo = new WidgetsSiloBuilder(application);
        // The widget domain every silo hosts: its grains and the services they use (budget policy, timeline providers).
        silo.ConfigureRuntime(static runtime => runtime.AddWidgetGrains());
        return silo;
    }

    /// <summary>With <c>Widgets:Clock=simulated</c>, the whole silo runs on a clock moved by <c>POST /v1/clock/advance</c>.</summary>
    private static void AddClock(WebApplicationBuilder application)
    {
        var clock = application.Configuration.GetSection(SiloHostOptions.SectionName).Get<ClockOptions>() ?? new ClockOptions();
        if (clock.Clock != ClockKind.Simulated)
        {
            return;
        }

        var time = new SimulatedTimeProvider(clock.ClockStart ?? DateTimeOffset.UtcNow);
        application.Services.AddSingleton(time);
        application.Services.AddSingleton<TimeProvider>(time);
        application.Services.AddSingleton<ISimulatedClock, SimulatedClock>();
    }

    /// <summary>
    /// Runs the command line: no verb or <c>run</c> runs the silo until Ctrl+C or SIGTERM; <c>migrate</c> applies the
    /// store's schema scripts and exits. Everything after the verb is configuration. A bad setting ends the process
    /// with a one-line message naming it.
    /// </summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="configure">Adds grain assemblies or endpoints (used by custom hosts).</param>
    /// <returns>The process exit code: 0 after a clean stop, 1 on an error, 2 on a usage error.</returns>
    public static Task<int> RunAsync(string[] args, Action<WidgetsSiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        return SiloCommandLine.RunAsync(args, configure);
    }
}
