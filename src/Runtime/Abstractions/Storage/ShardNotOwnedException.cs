namespace Orleans.Widgets.Storage;

/// <summary>
/// A write was refused because this silo no longer holds the lease (owner and epoch) of the grain's shard.
/// Nothing was changed; the activation is being dropped.
/// </summary>
public sealed class ShardNotOwnedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ShardNotOwnedException(int shard, long epoch)
        : base($"Shard {shard} is no longer held at epoch {epoch}; the write was fenced off.")
    {
        Shard = shard;
        Epoch = epoch;
    }

    /// <summary>Creates the exception.</summary>
    public ShardNotOwnedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ShardNotOwnedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ShardNotOwnedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The shard.</summary>
    public int Shard { get; }

    /// <summary>The epoch the writer held.</summary>
    public long Epoch { get; }
}
