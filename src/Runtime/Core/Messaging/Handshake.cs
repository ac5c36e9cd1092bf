using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>The first frame on a connection: protocol version, the sender's id and role.</summary>
internal sealed record Handshake(int Version, string SenderId, ConnectionRole Role)
{
    public void Write(WireWriter writer)
    {
        writer.WriteByte((byte)MessageKind.Handshake);
        writer.WriteInt32(WireProtocol.Magic);
        writer.WriteInt32(Version);
        writer.WriteString(SenderId);
        writer.WriteByte((byte)Role);
    }

    /// <summary>Reads a handshake body (after its kind byte).</summary>
    /// <exception cref="WireFormatException">Not a handshake of this protocol.</exception>
    public static Handshake Read(WireReader reader)
    {
        if (reader.ReadInt32() != WireProtocol.Magic)
        {
            throw new WireFormatException("The peer does not speak the widgets protocol.");
        }

        var version = reader.ReadInt32();
        var sender = reader.ReadRequiredString();
        var role = (ConnectionRole)reader.ReadByte();
        if (role is not (ConnectionRole.Silo or ConnectionRole.Client))
        {
            throw new WireFormatException($"Unknown connection role {(byte)role}.");
        }

        return new Handshake(version, sender, role);
    }
}
