using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>A call sent on a connection and waiting for its response, its rejection, its deadline or the connection's end.</summary>
internal abstract class PendingCall : OutgoingMessage
{
    private int _sent;

    protected PendingCall(GrainId target, GrainRequestBase request, long deadline, string? traceParent)
    {
        Target = target;
        Request = request;
        Deadline = deadline;
        TraceParent = traceParent;
    }

    public long CallId { get; set; }

    public GrainId Target { get; }

    public GrainRequestBase Request { get; }

    /// <summary>When the caller stops waiting, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Deadline { get; }

    /// <summary>The remaining time the receiver is told, in milliseconds.</summary>
    public int TimeoutMilliseconds { get; set; }

    public string? TraceParent { get; }

    /// <summary>Whether the request reached the socket (a call never sent may be retried anywhere).</summary>
    public bool WasSent => Volatile.Read(ref _sent) == 1;

    /// <summary>The connection this call went out on, for removing it on completion.</summary>
    public CallConnection? Connection { get; set; }

    public override void Write(WireWriter writer)
    {
        writer.WriteByte((byte)MessageKind.Request);
        writer.WriteInt64(CallId);
        writer.WriteByte(Request.IsIdempotent ? WireProtocol.FlagIdempotent : (byte)0);
        writer.WriteString(Target.Type.Value);
        writer.WriteString(Target.Key);
        writer.WriteInt32(Request.TypeId);
        writer.WriteInt32(TimeoutMilliseconds);
        writer.WriteString(TraceParent);
        Request.WriteArguments(writer);
    }

    public override void OnSent() => Volatile.Write(ref _sent, 1);

    public override void OnNotSent(Exception reason)
    {
        Connection?.Forget(this);
        Fail(reason is WireFormatException or NotSupportedException ? reason : new CallNotSentException(reason));
    }

    /// <summary>Reads the result from a response body.</summary>
    public abstract void Complete(WireReader reader);

    public abstract void Fail(Exception exception);

    public abstract void Cancel();
}

/// <summary>A pending call whose caller awaits a <typeparamref name="TResult"/> (<see cref="object"/> for calls without a result).</summary>
internal sealed class PendingCall<TResult> : PendingCall
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingCall(GrainId target, GrainRequestBase request, long deadline, string? traceParent)
        : base(target, request, deadline, traceParent)
    {
    }

    public Task<TResult> Task => _completion.Task;

    public override void Complete(WireReader reader)
    {
        TResult result;
        try
        {
            result = Request is GrainRequest<TResult> typed ? typed.ReadResult(reader) : default!;
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
            return;
        }

        _completion.TrySetResult(result);
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled();
}
