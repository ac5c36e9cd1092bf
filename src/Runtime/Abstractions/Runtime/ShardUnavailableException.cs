namespace Orleans.Widgets.Runtime;

/// <summary>The silo that received a call does not hold the target grain's shard (it is starting, stopping, or the lease moved). Retry.</summary>
public sealed class ShardUnavailableException : Exception
{
    /// <summary>Creates the exception for <paramref name="target"/> in <paramref name="shard"/>.</summary>
    public ShardUnavailableException(GrainId target, int shard)
        : base($"This silo does not hold shard {shard}, which {target} belongs to; retry the call.")
    {
        Shard = shard;
    }

    /// <summary>Creates the exception.</summary>
    public ShardUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ShardUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ShardUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The shard.</summary>
    public int Shard { get; }
}
