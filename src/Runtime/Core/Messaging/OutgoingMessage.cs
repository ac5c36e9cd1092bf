using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>A message queued on a connection; the connection's writer serializes it into the next batch.</summary>
internal abstract class OutgoingMessage
{
    /// <summary>Writes the frame body (kind byte first).</summary>
    public abstract void Write(WireWriter writer);

    /// <summary>The socket accepted the batch holding this message.</summary>
    public virtual void OnSent()
    {
    }

    /// <summary>The message was never written: it could not be serialized or the connection closed first.</summary>
    public virtual void OnNotSent(Exception reason)
    {
    }
}

/// <summary>A queued handshake.</summary>
internal sealed class HandshakeMessage(Handshake handshake) : OutgoingMessage
{
    public override void Write(WireWriter writer) => handshake.Write(writer);
}
