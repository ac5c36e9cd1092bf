namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Applies the versioned schema scripts of a store.</summary>
public interface ISchemaMigrator
{
    /// <summary>The schema version this build needs.</summary>
    int RequiredVersion { get; }

    /// <summary>The database's schema version; 0 for an empty database.</summary>
    Task<int> GetVersionAsync(CancellationToken cancellationToken);

    /// <summary>Applies every script above the current version, each in its own transaction. Returns the new version.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken);
}
