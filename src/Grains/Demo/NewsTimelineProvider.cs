using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Grains.Sessions;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Demo;

/// <summary>
/// The news demo's built-in provider (<see cref="Name"/>): a headline whose thumbnail is downloaded in a background
/// session. Without the thumbnail it answers at once with a placeholder timeline and starts the download (session
/// <c>thumbs-{widget}</c>, task <c>thumbnail-{generation}</c>, so asking twice adds nothing); the session handler
/// (<see cref="NewsSessionHandler"/>) reloads the widget when the download's events are delivered, and the next
/// timeline shows the thumbnail's size and hash.
/// </summary>
public sealed partial class NewsTimelineProvider : InProcessTimelineProvider
{
    /// <summary>The provider's and the session handler's built-in name.</summary>
    public const string Name = "news";

    /// <summary>The demo's news widget kind.</summary>
    public const string Kind = "com.mynews.headlines";

    private readonly NewsDesk _desk;
    private readonly IGrainFactory _grains;
    private readonly ILogger _logger;

    /// <summary>Creates the provider over the desk and the silo's grains.</summary>
    public NewsTimelineProvider(NewsDesk desk, IGrainFactory grains, ILogger<NewsTimelineProvider> logger)
    {
        _desk = desk;
        _grains = grains;
        _logger = logger;
    }

    /// <summary>Settings of the demo kind: this provider, and this name's session handler.</summary>
    public static KindSettings KindSettings { get; } = new()
    {
        Kind = Kind,
        BuiltinProvider = Name,
        CoalesceWindow = TimeSpan.FromSeconds(1),
        SessionHandler = new SessionHandlerSettings { Builtin = Name },
    };

    /// <summary>The session that downloads <paramref name="widgetId"/>'s thumbnail.</summary>
    public static string SessionOf(string widgetId) => "thumbs-" + widgetId;

    /// <inheritdoc />
    public override TimelineEntry Placeholder(TimelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Entry(context.Now, null);
    }

    /// <inheritdoc />
    public override async Task<Timeline> GetTimelineAsync(TimelineContext context, ReloadReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_desk.Find(context.WidgetId) is { } thumbnail)
        {
            return new Timeline([Entry(context.Now, thumbnail)], ReloadPolicy.Never);
        }

        if (_desk.ThumbnailUrl is { } url)
        {
            var session = _grains.GetGrain<ISessionGrain>(SessionKeys.Session(context.App, SessionOf(context.WidgetId)));
            var attached = await session.Attach(context.Kind);
            if (attached.Outcome is not (SessionAttachOutcome.Created or SessionAttachOutcome.Attached))
            {
                throw new InvalidOperationException(attached.Error);
            }

            // A task id names the download within a generation, so asking again while it runs adds nothing; once the
            // session completed (and this process lost the thumbnail, e.g. after a restart) the next id starts a new one.
            var generation = attached.Status!.Generation + (attached.Status.State == "completed" ? 1 : 0);
            var added = await session.AddTask(new SessionTaskRequest($"thumbnail-{generation}", url.ToString(), [context.WidgetId], null));
            LogDownloadStarted(context.WidgetId, SessionOf(context.WidgetId), url, added.Outcome.ToString());
        }

        return new Timeline([Entry(context.Now, null)], ReloadPolicy.Never);
    }

    private static TimelineEntry Entry(DateTimeOffset date, NewsThumbnail? thumbnail) => new(
        date,
        JsonSerializer.SerializeToElement(
            new NewsWidgetContent("Widgets now download in the background", thumbnail?.Bytes, thumbnail?.Sha256, thumbnail is null ? "loading" : "ready"),
            NewsJsonContext.Default.NewsWidgetContent));

    [LoggerMessage(1, LogLevel.Information, "News widget {WidgetId}: placeholder timeline returned; thumbnail download from {Url} in session {Session} ({Outcome}).")]
    private partial void LogDownloadStarted(string widgetId, string session, Uri url, string outcome);
}

/// <summary>What the news widget renders: <c>{"headline","thumbnailBytes","thumbnailSha256","thumbnail":"loading"|"ready"}</c>.</summary>
internal sealed record NewsWidgetContent(string Headline, int? ThumbnailBytes, string? ThumbnailSha256, string Thumbnail);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NewsWidgetContent))]
internal sealed partial class NewsJsonContext : JsonSerializerContext;
