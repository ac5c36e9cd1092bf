namespace Orleans.Widgets.Runtime.Storage;

/// <summary>A stored grain state: its version (the ETag) and payload (<see langword="null"/> when cleared).</summary>
public sealed record GrainStateRecord(long Version, byte[]? Payload);

/// <summary>The result of one write in a batch.</summary>
public enum WriteOutcome
{
    /// <summary>Not yet executed.</summary>
    Pending,

    /// <summary>Applied and durable once the batch call returns.</summary>
    Written,

    /// <summary>Refused: the stored version differs from the expected one. Nothing changed.</summary>
    VersionMismatch,

    /// <summary>Refused: the writer does not hold the shard's lease at the given epoch. Nothing changed.</summary>
    NotOwner,
}

/// <summary>The shard lease a write is made under: it applies only while (owner, shard, epoch) still holds.</summary>
public readonly record struct ShardFence(int Shard, long Epoch);

/// <summary>One state write or clear in a group-commit batch. The store sets <see cref="Outcome"/>.</summary>
public sealed class StateWriteOperation
{
    public required string GrainType { get; init; }

    public required string GrainKey { get; init; }

    public required string StateName { get; init; }

    public required ShardFence Fence { get; init; }

    /// <summary>Version the writer read; <see langword="null"/> when it expects no record.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>
    /// The new payload; <see langword="null"/> clears the state (the record keeps its version). Handed over to the
    /// store, which may keep the array itself: the writer must not change it once queued.
    /// </summary>
    public byte[]? Payload { get; init; }

    /// <summary>With a clear: also delete every reminder of the grain, in the same transaction.</summary>
    public bool RemoveReminders { get; init; }

    /// <summary>The version stored on success: <c>(ExpectedVersion ?? 0) + 1</c>.</summary>
    public long NewVersion => (ExpectedVersion ?? 0) + 1;

    public WriteOutcome Outcome { get; set; }
}
