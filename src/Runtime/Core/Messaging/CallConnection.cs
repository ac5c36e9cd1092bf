using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// An outgoing connection that carries calls to one silo (from a silo or a client) and matches responses to them by
/// call id. When it closes, every pending call fails at once; a sweep fails calls past their deadline.
/// </summary>
internal sealed partial class CallConnection : Connection
{
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly TaskCompletionSource<Handshake> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;
    private long _nextCallId;

    private CallConnection(Socket socket, TimeProvider time, TimeSpan sweepPeriod, ILogger logger)
        : base(socket, logger)
    {
        _time = time;
        _sweep = time.CreateTimer(static s => ((CallConnection)s!).FailExpired(), this, sweepPeriod, sweepPeriod);
    }

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/>, exchanges handshakes and checks the peer is
    /// <paramref name="expectedSiloId"/> (any silo when null).
    /// </summary>
    /// <exception cref="SiloUnavailableException">The connection, the handshake or the identity check failed.</exception>
    public static async Task<CallConnection> ConnectAsync(
        string host, int port, string? expectedSiloId, Handshake local, TimeProvider time, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        CallConnection? connection = null;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            await socket.ConnectAsync(host, port, limit.Token).ConfigureAwait(false);
            var sweep = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 10, 10, 1000));
            connection = new CallConnection(socket, time, sweep, logger);
            connection.Start();
            connection.TrySend(new HandshakeMessage(local));
            var peer = await connection._handshake.Task.WaitAsync(limit.Token).ConfigureAwait(false);
            if (peer.Version != WireProtocol.Version)
            {
                throw new SiloUnavailableException($"{host}:{port} speaks protocol version {peer.Version}, this process {WireProtocol.Version}.");
            }

            if (expectedSiloId is not null && !string.Equals(peer.SenderId, expectedSiloId, StringComparison.Ordinal))
            {
                throw new SiloUnavailableException($"{host}:{port} is silo {peer.SenderId}, not {expectedSiloId} (it restarted or the address moved).");
            }

            MessagingInstruments.ConnectionEvents.Add(1, new KeyValuePair<string, object?>("event", "opened"));
            return connection;
        }
        catch (Exception ex)
        {
            MessagingInstruments.ConnectionEvents.Add(1, new KeyValuePair<string, object?>("event", "failed"));
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw ex as SiloUnavailableException ?? new SiloUnavailableException($"Could not connect to {host}:{port}: {ex.Message}", ex);
        }
    }

    /// <summary>Sends <paramref name="call"/>; a closed connection fails it with <see cref="CallNotSentException"/>.</summary>
    public void Send(PendingCall call)
    {
        call.CallId = Interlocked.Increment(ref _nextCallId);
        call.Connection = this;
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), call.Deadline);
        call.TimeoutMilliseconds = (int)Math.Clamp(remaining.TotalMilliseconds, 1, int.MaxValue);
        _pending[call.CallId] = call;
        if (!TrySend(call))
        {
            Forget(call);
            call.Fail(new CallNotSentException(new SiloUnavailableException($"The connection to {Remote} is closed.")));
        }
        else if (!IsOpen && _pending.TryRemove(call.CallId, out _))
        {
            // Closed between the enqueue and the close's sweep of pending calls.
            call.Fail(new CallNotSentException(new SiloUnavailableException($"The connection to {Remote} is closed.")));
        }
    }

    public void Forget(PendingCall call) => _pending.TryRemove(call.CallId, out _);

    protected override void OnFrame(MessageKind kind, WireReader reader)
    {
        switch (kind)
        {
            case MessageKind.Handshake:
                _handshake.TrySetResult(Handshake.Read(reader));
                break;
            case MessageKind.Response:
                OnResponse(reader);
                break;
            case MessageKind.NotOwner:
                var callId = reader.ReadInt64();
                var shard = reader.ReadInt32();
                var epoch = reader.ReadInt64();
                if (_pending.TryRemove(callId, out var rejected))
                {
                    rejected.Fail(new NotOwnerRejection(shard, epoch));
                }

                break;
            default:
                throw new WireFormatException($"Unexpected message kind {(byte)kind} on a call connection.");
        }
    }

    protected override void OnClosed(Exception reason)
    {
        _sweep.Dispose();
        _handshake.TrySetException(reason);
        foreach (var callId in _pending.Keys)
        {
            if (_pending.TryRemove(callId, out var call))
            {
                call.Fail(call.WasSent
                    ? new SiloUnavailableException($"The connection to {Remote} was lost before {call.Request} on {call.Target} answered.", reason)
                    : new CallNotSentException(reason));
            }
        }
    }

    private void OnResponse(WireReader reader)
    {
        var callId = reader.ReadInt64();
        var status = reader.ReadByte();
        if (!_pending.TryRemove(callId, out var call))
        {
            // Already timed out; its late response is dropped (the frame is complete, so nothing else to read).
            return;
        }

        switch (status)
        {
            case 0:
                call.Complete(reader);
                break;
            case 1:
                var error = ExceptionCodec.Read(reader);
                if (error is OperationCanceledException)
                {
                    call.Cancel();
                }
                else
                {
                    call.Fail(error);
                }

                break;
            default:
                call.Fail(new WireFormatException($"Unknown response status {status}."));
                throw new WireFormatException($"Unknown response status {status}.");
        }
    }

    private void FailExpired()
    {
        var now = _time.GetTimestamp();
        foreach (var (callId, call) in _pending)
        {
            if (now >= call.Deadline && _pending.TryRemove(callId, out _))
            {
                Diagnostics.RuntimeInstruments.CallTimeouts.Add(1);
                call.Fail(new TimeoutException($"No response from {Remote} to {call.Request} on {call.Target} within the response timeout."));
            }
        }
    }
}
