using Microsoft.Extensions.Options;

namespace Orleans.Widgets.Runtime.Configuration;

/// <summary>Validates the runtime's option sections; each failure names the setting.</summary>
internal sealed class RuntimeOptionsValidator :
    IValidateOptions<StorageOptions>,
    IValidateOptions<GrainCollectionOptions>,
    IValidateOptions<MessagingOptions>,
    IValidateOptions<ReminderOptions>,
    IValidateOptions<LeaseOptions>,
    IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        const string s = StorageOptions.SectionName;
        if (!Enum.IsDefined(options.Provider))
        {
            errors.Add($"{s}:Provider must be Sqlite, Postgres or Memory.");
        }

        if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{s}:ConnectionString is required when {s}:Provider is Postgres.");
        }

        if (options.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{s}:DataDirectory must name a directory.");
        }

        if (options.MaxBatchSize is < 1 or > 10_000)
        {
            errors.Add($"{s}:MaxBatchSize must be between 1 and 10000 (was {options.MaxBatchSize}).");
        }

        if (options.MaxPoolSize is < 1 or > 1_000)
        {
            errors.Add($"{s}:MaxPoolSize must be between 1 and 1000 (was {options.MaxPoolSize}).");
        }

        if (options.ConcurrentFlushes is < 1 or > 8 || (options.ConcurrentFlushes > 1 && options.ConcurrentFlushes * 2 > options.MaxPoolSize))
        {
            errors.Add($"{s}:ConcurrentFlushes must be between 1 and 8, and above 1 leave room in the pool for both queues (at most MaxPoolSize / 2; was {options.ConcurrentFlushes}).");
        }

        if (options.ShardCount is < 1 or > 65_536)
        {
            errors.Add($"{s}:ShardCount must be between 1 and 65536 (was {options.ShardCount}).");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var errors = new List<string>();
        const string s = GrainCollectionOptions.SectionName;
        Positive(errors, $"{s}:CollectionQuantum", options.CollectionQuantum);
        Positive(errors, $"{s}:DeactivationTimeout", options.DeactivationTimeout);
        if (options.CollectionAge < options.CollectionQuantum)
        {
            errors.Add($"{s}:CollectionAge ({options.CollectionAge}) must be at least {s}:CollectionQuantum ({options.CollectionQuantum}).");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var errors = new List<string>();
        Positive(errors, $"{MessagingOptions.SectionName}:ResponseTimeout", options.ResponseTimeout);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var errors = new List<string>();
        const string s = ReminderOptions.SectionName;
        Positive(errors, $"{s}:Horizon", options.Horizon);
        Positive(errors, $"{s}:LoadPeriod", options.LoadPeriod);
        Positive(errors, $"{s}:TickInterval", options.TickInterval);
        Positive(errors, $"{s}:RetryDelay", options.RetryDelay);
        if (options.LoadPeriod >= options.Horizon)
        {
            errors.Add($"{s}:LoadPeriod ({options.LoadPeriod}) must be shorter than {s}:Horizon ({options.Horizon}).");
        }

        if (options.Horizon.TotalMilliseconds / Math.Max(1, options.TickInterval.TotalMilliseconds) > 1_000_000)
        {
            errors.Add($"{s}:Horizon divided by {s}:TickInterval must not exceed 1000000 slots.");
        }

        if (options.MaxConcurrentDeliveries < 1)
        {
            errors.Add($"{s}:MaxConcurrentDeliveries must be at least 1.");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, LeaseOptions options)
    {
        var errors = new List<string>();
        const string s = LeaseOptions.SectionName;
        Positive(errors, $"{s}:LeaseDuration", options.LeaseDuration);
        Positive(errors, $"{s}:RenewPeriod", options.RenewPeriod);
        if (options.RenewPeriod * 2 > options.LeaseDuration)
        {
            errors.Add($"{s}:RenewPeriod ({options.RenewPeriod}) must be at most half of {s}:LeaseDuration ({options.LeaseDuration}).");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        const string s = ClusterOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add($"{s}:Host must name the address other silos reach this one on.");
        }

        if (options.Port is < 0 or > 65_535)
        {
            errors.Add($"{s}:Port must be between 0 and 65535 (was {options.Port}).");
        }

        Positive(errors, $"{s}:HeartbeatPeriod", options.HeartbeatPeriod);
        if (options.DeathTimeout < options.HeartbeatPeriod * 2)
        {
            // One late heartbeat must not get a live silo declared dead.
            errors.Add($"{s}:DeathTimeout ({options.DeathTimeout}) must be at least twice {s}:HeartbeatPeriod ({options.HeartbeatPeriod}).");
        }

        return Result(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be positive (was {value}).");
        }
    }

    private static ValidateOptionsResult Result(List<string> errors)
        => errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
