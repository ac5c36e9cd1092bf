namespace Orleans.Widgets.Silo.Api;

/// <summary>The REST API's log lines.</summary>
internal static partial class ApiLog
{
    public const string Category = "Orleans.Widgets.Api";

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "No admin key is configured (Widgets:AdminKey); this silo generated one for this run: {AdminKey}")]
    public static partial void GeneratedAdminKey(ILogger logger, string adminKey);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "App {App} created")]
    public static partial void AppCreated(ILogger logger, string app);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "App {App} updated: {KindCount} kinds")]
    public static partial void AppUpdated(ILogger logger, string app, int kindCount);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Reload {ReloadId} of app {App} (kind {Kind}) reached {Widgets} widgets")]
    public static partial void Reloaded(ILogger logger, Guid reloadId, string app, string kind, int widgets);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);
}
