namespace Orleans.Widgets.Runtime.Configuration;

/// <summary>Which database engine holds state, reminders and leases.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file under <see cref="StorageOptions.DataDirectory"/> (WAL), owned by one silo. The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by the silos of a cluster.</summary>
    Postgres,

    /// <summary>Process memory; for tests only, lost on exit.</summary>
    Memory,
}

/// <summary>Storage settings (section <c>Widgets:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Widgets:Storage";

    /// <summary>The engine.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>PostgreSQL connection string (required for <see cref="StorageProvider.Postgres"/>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Directory of the SQLite file (created if missing).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Whether the silo applies missing schema scripts at start. Defaults to on for SQLite, off for PostgreSQL.</summary>
    public bool? AutoMigrate { get; set; }

    /// <summary>Whether concurrent state and reminder writes are flushed together (group commit).</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Most operations in one group-commit batch.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// Group-commit batches of one queue (state, reminders) in flight at once, each on its own connection. 1 by
    /// default: two in flight on PostgreSQL won in half of the benchmark pairs measured and lost in the other half
    /// (docs/benchmarks.md). SQLite has one writer, so more than one only queues there.
    /// </summary>
    public int ConcurrentFlushes { get; set; } = 1;

    /// <summary>Connections the PostgreSQL pool may open.</summary>
    public int MaxPoolSize { get; set; } = 32;

    /// <summary>Shard count used when the database is created; a database keeps the count it was created with.</summary>
    public int ShardCount { get; set; } = 64;

    /// <summary>Whether <see cref="AutoMigrate"/> is in effect for <see cref="Provider"/>.</summary>
    public bool EffectiveAutoMigrate => AutoMigrate ?? Provider != StorageProvider.Postgres;
}
