using Orleans.Widgets.Runtime.Configuration;

namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Opens the store the options name.</summary>
public static class RuntimeStoreFactory
{
    /// <summary>Opens (and for SQLite, creates and locks) the configured store. Does not migrate.</summary>
    /// <exception cref="InvalidOperationException">The store cannot be opened (e.g. another silo holds the SQLite file).</exception>
    public static Task<IRuntimeStore> OpenAsync(StorageOptions options, TimeProvider time, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
