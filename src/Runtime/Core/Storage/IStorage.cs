namespace Orleans.Widgets.Runtime;

/// <summary>Durable state of one grain, read and written with optimistic concurrency on an ETag.</summary>
public interface IStorage
{
    /// <summary>The ETag of the last read or write; <see langword="null"/> when no record was ever written.</summary>
    string? Etag { get; }

    /// <summary>Whether a record exists (a cleared record does not).</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing the in-memory copy.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state. Completes when it is durable.</summary>
    /// <exception cref="Orleans.Widgets.Storage.InconsistentStateException">The ETag is stale; nothing was written.</exception>
    /// <exception cref="Orleans.Widgets.Storage.ShardNotOwnedException">This silo lost the grain's shard; nothing was written.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Clears the state (and, if the state is declared so, the grain's reminders). Completes when durable.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Durable state of type <typeparamref name="TState"/>.</summary>
public interface IStorage<TState> : IStorage
{
    /// <summary>The in-memory copy of the state.</summary>
    TState State { get; set; }
}

/// <summary>A grain's named persistent state, injected with <see cref="PersistentStateAttribute"/>.</summary>
public interface IPersistentState<TState> : IStorage<TState>;
