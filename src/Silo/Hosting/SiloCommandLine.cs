using Microsoft.Extensions.Options;
using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Silo.Hosting;

/// <summary>The silo's command line: <c>run</c> (default), <c>migrate</c> and <c>simulate</c>.</summary>
internal static class SiloCommandLine
{
    public const string Usage = """
        Usage: Orleans.Widgets.Silo [run|migrate] [--cluster postgres --database "<connection string>"]
                                    [--port N] [--silo-port N] [--Section:Key=value ...]
               Orleans.Widgets.Silo simulate --widgets N --days D --seed S [--devices N] [--shards N]
          run       Runs the silo until Ctrl+C or SIGTERM (the default).
          migrate   Applies the store's schema scripts, prints the schema version and exits.
          simulate  Runs a fleet of widgets in process on a simulated clock and prints its reload figures.
          --cluster postgres  Joins the cluster of silos that share the PostgreSQL database given by --database.
          --port N            The HTTP API's port (Widgets:Port, default 5400).
          --silo-port N       The port other silos and clients connect to (Widgets:Cluster:Port; 0 picks one).
        Settings come from appsettings.json, environment variables (Widgets__Port=5400) and arguments
        (--Widgets:Port=5400, --Widgets:Storage:Provider=Postgres, --Widgets:Storage:ConnectionString=...).
        """;

    public static async Task<int> RunAsync(string[] args, Action<WidgetsSiloBuilder>? configure)
    {
        var (verb, settings) = SiloVerbParser.Parse(args);
        try
        {
            if (verb is SiloVerb.Run or SiloVerb.Migrate)
            {
                settings = SiloShorthands.Expand(settings);
            }

            switch (verb)
            {
                case SiloVerb.Run:
                    return await RunSiloAsync(settings, configure);
                case SiloVerb.Migrate:
                    return await MigrateCommand.RunAsync(settings);
                case SiloVerb.Simulate:
                    return await Simulation.SimulateCommand.RunAsync(settings);
                case SiloVerb.Help:
                    await Console.Out.WriteLineAsync(Usage);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'.{Environment.NewLine}{Usage}");
                    return 2;
            }
        }
        catch (CommandLineException exception)
        {
            await Console.Error.WriteLineAsync($"Invalid command line: {exception.Message}");
            return 2;
        }
        catch (Exception exception) when (ConfigurationErrors.Describe(exception) is { } message)
        {
            await Console.Error.WriteLineAsync($"Invalid configuration: {message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 1;
        }
        catch (Exception exception)
        {
            // The host has already logged the details of a failed start; keep this to one line.
            await Console.Error.WriteLineAsync($"The silo failed: {ConfigurationErrors.DescribeAny(exception)}");
            return 1;
        }
    }

    private static async Task<int> RunSiloAsync(string[] settings, Action<WidgetsSiloBuilder>? configure)
    {
        var builder = WidgetsSiloApplication.CreateBuilder(settings);
        configure?.Invoke(builder);
        await using var app = builder.Build();

        // Validate every setting before anything starts, so that a bad one is reported alone, not as a failed start.
        app.Services.GetService<IStartupValidator>()?.Validate();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(SiloLog.Category);
        await app.StartAsync();

        var status = app.Services.GetRequiredService<ISiloStatus>();
        SiloLog.SiloStarted(logger, status.SiloId);
        SiloLog.DataLocation(logger, status.StoreDescription);
        foreach (var url in app.Urls)
        {
            SiloLog.Serving(logger, url);
        }

        await app.WaitForShutdownAsync();
        SiloLog.SiloStopped(logger, status.SiloId);
        return 0;
    }
}
