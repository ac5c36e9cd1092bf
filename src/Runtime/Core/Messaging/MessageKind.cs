namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>The first byte of every frame's body.</summary>
internal enum MessageKind : byte
{
    /// <summary>Protocol version and identity; the first frame each side sends.</summary>
    Handshake = 1,

    /// <summary>A grain call.</summary>
    Request = 2,

    /// <summary>The result or error of a call.</summary>
    Response = 3,

    /// <summary>The receiver does not hold the call's shard; the caller refreshes its directory and retries.</summary>
    NotOwner = 4,
}
