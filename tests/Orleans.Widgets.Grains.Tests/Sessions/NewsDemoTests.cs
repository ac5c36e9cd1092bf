using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Grains.Demo;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>The news demo end to end: placeholder at once, thumbnail through a session, the widget reloaded with it.</summary>
public sealed class NewsDemoTests : SessionTest
{
    public override async Task InitializeAsync()
    {
        Content = await ContentServer.StartAsync();
        Silo = await StartSiloAsync(services: s => s.AddNewsDemo());
        Silo.Services.GetRequiredService<NewsDesk>().ThumbnailUrl = Content.Url("/bytes/4096");
        await Silo.CreateAppAsync(App, NewsTimelineProvider.KindSettings);
    }

    [Fact]
    public async Task The_news_widget_shows_a_placeholder_then_the_downloaded_thumbnail_after_its_session_completes()
    {
        var widget = Silo.Widget(App, "headlines");
        await widget.Register(new WidgetRegistration(App, NewsTimelineProvider.Kind, "systemMedium", "phone", new Dictionary<string, string>()));
        await Silo.AdvanceAsync(TimeSpan.FromSeconds(2));
        await SettleAsync();

        var first = (await widget.GetStatus())!;
        Assert.Equal("loading", first.CurrentEntry!.Content.GetProperty("thumbnail").GetString());
        var session = await StatusAsync(NewsTimelineProvider.SessionOf("headlines"));
        Assert.Equal(("completed", "thumbnail-1"), (session.State, session.Tasks.Single().Id));

        // The handler asked for a reload on didFinishEvents; the widget takes it after the 5-minute spacing.
        await AdvanceAsync(TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(1));
        var after = (await widget.GetStatus())!;
        Assert.Equal(ReloadReason.AppRequested, after.LastReload!.Reason);
        var content = after.CurrentEntry!.Content;
        Assert.Equal("ready", content.GetProperty("thumbnail").GetString());
        Assert.Equal(4096, content.GetProperty("thumbnailBytes").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ContentServer.Content(4096))), content.GetProperty("thumbnailSha256").GetString());
        Assert.Equal(1, Content.Hits("/bytes/4096"));
    }
}
