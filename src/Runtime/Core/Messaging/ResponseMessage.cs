using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>The outcome of a call this silo ran for a peer: status byte 0 and the result, or 1 and the exception.</summary>
internal sealed class ResponseMessage : OutgoingMessage
{
    private readonly long _callId;
    private readonly GrainRequestBase? _request;
    private readonly object? _result;
    private readonly Exception? _error;

    private ResponseMessage(long callId, GrainRequestBase? request, object? result, Exception? error)
    {
        _callId = callId;
        _request = request;
        _result = result;
        _error = error;
    }

    public static ResponseMessage Success(long callId, GrainRequestBase request, object? result) => new(callId, request, result, null);

    public static ResponseMessage Failure(long callId, Exception error) => new(callId, null, null, error);

    public override void Write(WireWriter writer)
    {
        var start = writer.Length;
        try
        {
            WriteCore(writer, _error);
        }
        catch (Exception ex) when (_error is null)
        {
            // A result that cannot be serialized still answers the caller, with the reason.
            writer.SetLength(start);
            WriteCore(writer, new InvalidOperationException($"The result of {_request} could not be serialized: {ex.Message}"));
        }
    }

    private void WriteCore(WireWriter writer, Exception? error)
    {
        writer.WriteByte((byte)MessageKind.Response);
        writer.WriteInt64(_callId);
        if (error is null)
        {
            writer.WriteByte(0);
            _request!.WriteResultUntyped(writer, _result);
        }
        else
        {
            writer.WriteByte(1);
            ExceptionCodec.Write(writer, error);
        }
    }
}

/// <summary>"Not the owner": the shard and the lease epoch this silo knows for it (0 when it knows none).</summary>
internal sealed class NotOwnerMessage(long callId, int shard, long epoch) : OutgoingMessage
{
    public override void Write(WireWriter writer)
    {
        writer.WriteByte((byte)MessageKind.NotOwner);
        writer.WriteInt64(callId);
        writer.WriteInt32(shard);
        writer.WriteInt64(epoch);
    }
}
