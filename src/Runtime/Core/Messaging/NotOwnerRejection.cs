namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>The silo a call was sent to answered that it does not hold the call's shard.</summary>
internal sealed class NotOwnerRejection : Exception
{
    public NotOwnerRejection(int shard, long epoch)
        : base($"The receiving silo does not hold shard {shard} (it knows epoch {epoch}).")
    {
        Shard = shard;
        Epoch = epoch;
    }

    public NotOwnerRejection()
    {
    }

    public NotOwnerRejection(string message)
        : base(message)
    {
    }

    public NotOwnerRejection(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Shard { get; }

    public long Epoch { get; }
}
