namespace Orleans.Widgets.Silo.Hosting;

/// <summary>The host's log lines.</summary>
internal static partial class SiloLog
{
    public const string Category = "Orleans.Widgets.Silo";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {SiloId} started")]
    public static partial void SiloStarted(ILogger logger, string siloId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Data lives in {StoreDescription}")]
    public static partial void DataLocation(ILogger logger, string storeDescription);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Serving {Url} (health: {Url}/health/ready)")]
    public static partial void Serving(ILogger logger, string url);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Silo {SiloId} stopped")]
    public static partial void SiloStopped(ILogger logger, string siloId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Schema of {StoreDescription}: version {FromVersion} before, {ToVersion} now (this build needs {RequiredVersion})")]
    public static partial void Migrated(ILogger logger, string storeDescription, int fromVersion, int toVersion, int requiredVersion);
}
