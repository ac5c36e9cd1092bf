using Microsoft.Extensions.Logging;
using Orleans.Widgets.Grains.Sessions;

namespace Orleans.Widgets.Grains.Demo;

/// <summary>
/// The news demo's session handler: keeps each downloaded thumbnail on the <see cref="NewsDesk"/>, reloads the widgets
/// once every event of the session has been delivered, and logs the completion.
/// </summary>
public sealed partial class NewsSessionHandler : ISessionEventHandler
{
    private readonly NewsDesk _desk;
    private readonly ILogger _logger;

    /// <summary>Creates the handler over the desk.</summary>
    public NewsSessionHandler(NewsDesk desk, ILogger<NewsSessionHandler> logger)
    {
        _desk = desk;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task DidFinishDownloadingAsync(SessionEventContext context, SessionTaskEvent task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        if (task.Content is { } content)
        {
            var thumbnail = _desk.Store(task.Widgets, content);
            LogDownloaded(context.EventId, thumbnail.Bytes, thumbnail.Sha256);
        }
        else
        {
            LogFailed(context.EventId, task.Failure);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task DidFinishEventsAsync(SessionEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var widgets = context.Tasks.SelectMany(t => t.Widgets).Distinct(StringComparer.Ordinal).ToList();
        await context.WidgetCenter.ReloadTimelinesAsync(widgets, cancellationToken);
        LogReloading(context.EventId, string.Join(", ", widgets));
    }

    /// <inheritdoc />
    public Task CompletedAsync(SessionEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        LogCompleted(context.EventId);
        return Task.CompletedTask;
    }

    [LoggerMessage(1, LogLevel.Information, "News session event {EventId}: didFinishDownloading, thumbnail of {Bytes} bytes, SHA-256 {Sha256}.")]
    private partial void LogDownloaded(string eventId, int bytes, string sha256);

    [LoggerMessage(2, LogLevel.Warning, "News session event {EventId}: didFinishDownloading, the download failed: {Failure}.")]
    private partial void LogFailed(string eventId, string? failure);

    [LoggerMessage(3, LogLevel.Information, "News session event {EventId}: didFinishEvents, reloading widgets {Widgets} (within the 5-minute spacing).")]
    private partial void LogReloading(string eventId, string widgets);

    [LoggerMessage(4, LogLevel.Information, "News session event {EventId}: completion invoked.")]
    private partial void LogCompleted(string eventId);
}
