namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Grain state rows. Writes are fenced by shard lease and checked by version.</summary>
public interface IGrainStateStore
{
    /// <summary>Reads one state record, or <see langword="null"/> when none was ever written.</summary>
    Task<GrainStateRecord?> ReadAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a batch in one transaction and sets each operation's <see cref="StateWriteOperation.Outcome"/>.
    /// An operation whose fence no longer holds for <paramref name="owner"/> gets <see cref="WriteOutcome.NotOwner"/>;
    /// one whose expected version differs gets <see cref="WriteOutcome.VersionMismatch"/>; neither changes anything.
    /// A batch never holds two operations on the same state. Throws only when the store fails, and then nothing was applied.
    /// </summary>
    Task WriteAsync(string owner, IReadOnlyList<StateWriteOperation> batch, CancellationToken cancellationToken);
}
