using Npgsql;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

/// <summary>A PostgreSQL database shared by the silos of a cluster; fencing, not exclusivity, keeps writers apart.</summary>
internal sealed class PostgresRuntimeStore : IRuntimeStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresRuntimeStore(NpgsqlDataSource dataSource, string description)
    {
        _dataSource = dataSource;
        Description = description;
        States = new PostgresGrainStateStore(dataSource);
        Reminders = new PostgresReminderTable(dataSource);
        Leases = new PostgresShardLeaseTable(dataSource);
        Membership = new PostgresMembershipTable(dataSource);
        Schema = new PostgresSchemaMigrator(dataSource);
    }

    public string Description { get; }

    public bool IsExclusive => false;

    public IGrainStateStore States { get; }

    public IReminderTable Reminders { get; }

    public IShardLeaseTable Leases { get; }

    public IMembershipTable Membership { get; }

    public ISchemaMigrator Schema { get; }

    /// <exception cref="InvalidOperationException">The connection string is malformed.</exception>
    public static PostgresRuntimeStore Open(string connectionString, int maxPoolSize)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message of the parser may quote the string, password included; do not pass it on.
            throw new InvalidOperationException("Widgets:Storage:ConnectionString is not a valid PostgreSQL connection string.", e.InnerException);
        }

        if (maxPoolSize > 0)
        {
            settings.MaxPoolSize = maxPoolSize;
        }

        // The batch statements are few and fixed: preparing them server-side saves parsing and planning per batch.
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 32;
        }

        // The runtime leaves no session state on its connections (the one session-level advisory lock, the schema
        // migration's, is released explicitly), so the reset Npgsql runs on every connection taken from the pool
        // (seven statements, executed before each batch) is pure cost.
        settings.NoResetOnClose = true;

        var description = $"PostgreSQL database {settings.Database ?? "(default)"} on {settings.Host}:{settings.Port} as {settings.Username ?? "(default user)"}";
        var dataSource = new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
        return new PostgresRuntimeStore(dataSource, description);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
