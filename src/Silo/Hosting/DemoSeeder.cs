using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Demo;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Silo.Configuration;

namespace Orleans.Widgets.Silo.Hosting;

/// <summary>
/// Creates the demo app (the game widget of the refresh model, served by the built-in <c>game</c> provider) and one
/// widget of it, once the silo is running, and prints the app's key when it is created.
/// </summary>
internal sealed partial class DemoSeeder : IHostedService
{
    public const string App = "demo";
    public const string WidgetId = "panda-widget";
    public const string Device = "demo-phone";

    private readonly IGrainFactory _grains;
    private readonly DemoOptions _options;
    private readonly IOptions<SiloHostOptions> _host;
    private readonly ILogger _logger;

    public DemoSeeder(IGrainFactory grains, IOptions<DemoOptions> options, IOptions<SiloHostOptions> host, ILogger<DemoSeeder> logger)
    {
        _grains = grains;
        _options = options.Value;
        _host = host;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        try
        {
            await SeedAsync();
        }
        catch (ShardUnavailableException e)
        {
            // In a cluster the demo's grains live on the silo that holds their shards; a silo joining without them
            // must still start (until calls are routed between silos, that silo seeds the demo).
            LogDemoElsewhere(e.Message);
        }
    }

    private async Task SeedAsync()
    {
        var app = _grains.GetGrain<IAppGrain>(App);
        if (await app.GetDefinition() is null)
        {
            var configured = await app.Configure(new AppDefinition([GameTimelineProvider.KindSettings]));
            LogDemoAppCreated(App, configured.ApiKey ?? string.Empty);
        }
        else
        {
            LogDemoAppExists(App);
        }

        var widget = _grains.GetGrain<IWidgetGrain>(WidgetKeys.Widget(App, WidgetId));
        if (await widget.GetStatus() is null)
        {
            await widget.Register(new WidgetRegistration(App, GameTimelineProvider.Kind, "systemSmall", Device, new Dictionary<string, string> { [GameTimelineProvider.CharacterKey] = "panda" }));
        }

        LogDemoWidget($"http://{_host.Value.ListenAddress}:{_host.Value.Port}/v1/apps/{App}/widgets/{WidgetId}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Warning, "Demo app '{App}' created; its API key (shown once): {ApiKey}")]
    private partial void LogDemoAppCreated(string app, string apiKey);

    [LoggerMessage(2, LogLevel.Information, "Demo app '{App}' exists; its API key was printed when it was created (delete the data directory to start over).")]
    private partial void LogDemoAppExists(string app);

    [LoggerMessage(4, LogLevel.Information, "Demo not seeded by this silo: {Reason}")]
    private partial void LogDemoElsewhere(string reason);

    [LoggerMessage(3, LogLevel.Information, "Demo widget (game character panda): GET {Url} with the demo app's key; its reloads are logged below.")]
    private partial void LogDemoWidget(string url);
}
