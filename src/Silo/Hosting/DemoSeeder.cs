using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Demo;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Silo.Configuration;

namespace Orleans.Widgets.Silo.Hosting;

/// <summary>
/// Creates the demo app, once the silo is running, and prints the app's key when it is created: the game widget of the
/// refresh model (built-in provider <c>game</c>) and the news widget whose thumbnail is downloaded in a background
/// session (built-in provider and session handler <c>news</c>, thumbnails from <see cref="DemoThumbnailServer"/>),
/// one widget of each.
/// </summary>
internal sealed partial class DemoSeeder : IHostedService
{
    public const string App = "demo";
    public const string WidgetId = "panda-widget";
    public const string Device = "demo-phone";
    public const string NewsWidgetId = "headlines-widget";

    private readonly IGrainFactory _grains;
    private readonly DemoOptions _options;
    private readonly IOptions<SiloHostOptions> _host;
    private readonly ILogger _logger;
    private readonly IServiceProvider _services;

    public DemoSeeder(IGrainFactory grains, IOptions<DemoOptions> options, IOptions<SiloHostOptions> host, ILogger<DemoSeeder> logger, IServiceProvider services)
    {
        _grains = grains;
        _services = services;
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
            await SeedAsync(cancellationToken);
        }
        catch (ShardUnavailableException e)
        {
            // In a cluster the demo's grains live on the silo that holds their shards; a silo joining without them
            // must still start (until calls are routed between silos, that silo seeds the demo).
            LogDemoElsewhere(e.Message);
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService<DemoThumbnailServer>() is { } thumbnails && _services.GetService<NewsDesk>() is { } desk)
        {
            desk.ThumbnailUrl = await thumbnails.StartAsync(cancellationToken);
            LogThumbnailServer(desk.ThumbnailUrl);
        }

        var app = _grains.GetGrain<IAppGrain>(App);
        var kinds = new AppDefinition([GameTimelineProvider.KindSettings, NewsTimelineProvider.KindSettings]);
        if (await app.GetDefinition() is not { } definition)
        {
            var configured = await app.Configure(kinds);
            LogDemoAppCreated(App, configured.ApiKey ?? string.Empty);
        }
        else
        {
            if (definition.FindKind(NewsTimelineProvider.Kind) is null)
            {
                await app.Configure(kinds); // an app created before the news demo existed
            }

            LogDemoAppExists(App);
        }

        var widget = _grains.GetGrain<IWidgetGrain>(WidgetKeys.Widget(App, WidgetId));
        if (await widget.GetStatus() is null)
        {
            await widget.Register(new WidgetRegistration(App, GameTimelineProvider.Kind, "systemSmall", Device, new Dictionary<string, string> { [GameTimelineProvider.CharacterKey] = "panda" }));
        }

        LogDemoWidget($"http://{_host.Value.ListenAddress}:{_host.Value.Port}/v1/apps/{App}/widgets/{WidgetId}");

        var news = _grains.GetGrain<IWidgetGrain>(WidgetKeys.Widget(App, NewsWidgetId));
        if (await news.GetStatus() is null)
        {
            await news.Register(new WidgetRegistration(App, NewsTimelineProvider.Kind, "systemMedium", Device, new Dictionary<string, string> { ["topic"] = "world" }));
        }

        var apps = $"http://{_host.Value.ListenAddress}:{_host.Value.Port}/v1/apps/{App}";
        LogNewsWidget($"{apps}/widgets/{NewsWidgetId}", $"{apps}/sessions/{NewsTimelineProvider.SessionOf(NewsWidgetId)}");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService<DemoThumbnailServer>() is { } thumbnails)
        {
            await thumbnails.DisposeAsync();
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Demo app '{App}' created; its API key (shown once): {ApiKey}")]
    private partial void LogDemoAppCreated(string app, string apiKey);

    [LoggerMessage(2, LogLevel.Information, "Demo app '{App}' exists; its API key was printed when it was created (delete the data directory to start over).")]
    private partial void LogDemoAppExists(string app);

    [LoggerMessage(4, LogLevel.Information, "Demo not seeded by this silo: {Reason}")]
    private partial void LogDemoElsewhere(string reason);

    [LoggerMessage(5, LogLevel.Information, "Demo thumbnail server (for the news widget's background session): {Url}")]
    private partial void LogThumbnailServer(Uri url);

    [LoggerMessage(6, LogLevel.Information, "Demo news widget: GET {Widget} (its thumbnail arrives through a background session, then the widget reloads); the session: GET {Session}.")]
    private partial void LogNewsWidget(string widget, string session);

    [LoggerMessage(3, LogLevel.Information, "Demo widget (game character panda): GET {Url} with the demo app's key; its reloads are logged below.")]
    private partial void LogDemoWidget(string url);
}
