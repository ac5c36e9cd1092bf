using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage.Memory;
using Orleans.Widgets.Runtime.Storage.Postgres;
using Orleans.Widgets.Runtime.Storage.Sqlite;

namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Opens the store the options name.</summary>
public static class RuntimeStoreFactory
{
    /// <summary>Opens (and for SQLite, creates and locks) the configured store. Does not migrate.</summary>
    /// <exception cref="InvalidOperationException">The store cannot be opened (e.g. another silo holds the SQLite file).</exception>
    public static Task<IRuntimeStore> OpenAsync(StorageOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        IRuntimeStore store = options.Provider switch
        {
            StorageProvider.Memory => new MemoryRuntimeStore(),
            StorageProvider.Sqlite => SqliteRuntimeStore.Open(
                string.IsNullOrWhiteSpace(options.DataDirectory)
                    ? throw new InvalidOperationException($"{StorageOptions.SectionName}:DataDirectory must name a directory for the SQLite store.")
                    : options.DataDirectory),
            StorageProvider.Postgres => PostgresRuntimeStore.Open(
                string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? throw new InvalidOperationException($"{StorageOptions.SectionName}:ConnectionString is required when {StorageOptions.SectionName}:Provider is Postgres.")
                    : options.ConnectionString,
                options.MaxPoolSize > 0
                    ? options.MaxPoolSize
                    : throw new InvalidOperationException($"{StorageOptions.SectionName}:MaxPoolSize must be positive.")),
            _ => throw new InvalidOperationException($"Unknown {StorageOptions.SectionName}:Provider '{options.Provider}'."),
        };
        return Task.FromResult(store);
    }
}
