namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// The frame format: a 4-byte little-endian body length, then the body, whose first byte is a <see cref="MessageKind"/>.
/// Writers put many frames in one socket write.
/// </summary>
internal static class WireProtocol
{
    /// <summary>"WDGT": the first field of a handshake, so a stray client is told apart from an old silo.</summary>
    public const int Magic = 0x54474457;

    /// <summary>Bumped on any incompatible change; a peer with another version is disconnected.</summary>
    public const int Version = 1;

    /// <summary>A frame above this size is treated as corrupt.</summary>
    public const int MaxFrameSize = 16 * 1024 * 1024;

    /// <summary>A writer flushes once its batch reaches this size, even if more messages wait.</summary>
    public const int FlushThreshold = 256 * 1024;

    /// <summary>Request flag bits.</summary>
    public const byte FlagIdempotent = 1;
}
