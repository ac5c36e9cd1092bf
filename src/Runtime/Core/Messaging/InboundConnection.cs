using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// A connection a peer opened to this silo's listener: another silo forwarding calls, or a client using the silo as
/// its gateway. Its first frame must be a handshake; then it carries requests one way and responses the other.
/// </summary>
internal sealed class InboundConnection : Connection
{
    private readonly IncomingCallHandler _handler;
    private readonly Handshake _local;
    private Handshake? _peer;

    public InboundConnection(Socket socket, IncomingCallHandler handler, Handshake local, ILogger logger)
        : base(socket, logger)
    {
        _handler = handler;
        _local = local;
    }

    public new void Start()
    {
        TrySend(new HandshakeMessage(_local));
        base.Start();
    }

    protected override void OnFrame(MessageKind kind, WireReader reader)
    {
        if (_peer is null)
        {
            if (kind != MessageKind.Handshake)
            {
                throw new WireFormatException($"The first frame must be a handshake, not {kind}.");
            }

            var peer = Handshake.Read(reader);
            if (peer.Version != WireProtocol.Version)
            {
                throw new WireFormatException($"The peer speaks protocol version {peer.Version}, this silo {WireProtocol.Version}.");
            }

            _peer = peer;
            return;
        }

        if (kind != MessageKind.Request)
        {
            throw new WireFormatException($"Unexpected message kind {(byte)kind} on an incoming connection.");
        }

        var callId = reader.ReadInt64();
        reader.ReadByte();
        var type = reader.ReadRequiredString();
        var key = reader.ReadRequiredString();
        var typeId = reader.ReadInt32();
        var timeoutMilliseconds = reader.ReadInt32();
        var traceParent = reader.ReadString();
        GrainId target;
        try
        {
            target = new GrainId(GrainType.Create(type), key);
        }
        catch (ArgumentException ex)
        {
            TrySend(ResponseMessage.Failure(callId, ex));
            return;
        }

        if (!GrainRequestCodecRegistry.TryRead(typeId, reader, out var request))
        {
            // Frames are length-delimited, so an unknown request type costs only this call, not the connection.
            TrySend(ResponseMessage.Failure(callId, new InvalidOperationException($"This silo knows no grain method with request type id {typeId}.")));
            return;
        }

        _handler.Dispatch(this, _peer.Role, callId, target, request, timeoutMilliseconds, traceParent);
    }
}
