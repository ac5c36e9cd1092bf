using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// One TCP connection: a writer loop that drains the outgoing queue into one buffer of many frames per socket write,
/// and a reader loop that cuts the byte stream into frames and hands each to <see cref="OnFrame"/>. A frame that breaks
/// the format closes the connection (logged); it never reaches the silo's other connections.
/// </summary>
internal abstract partial class Connection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly NetworkStream _stream;
    private readonly Channel<OutgoingMessage> _outgoing = Channel.CreateUnbounded<OutgoingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _writing = Task.CompletedTask;
    private Task _reading = Task.CompletedTask;
    private int _isClosed;

    protected Connection(Socket socket, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _logger = logger;
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    /// <summary>The peer's address, for logs.</summary>
    public string Remote { get; }

    public bool IsOpen => Volatile.Read(ref _isClosed) == 0;

    /// <summary>Completes with the reason (null for an orderly close) once the connection is closed.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>Starts the reader and writer loops.</summary>
    public void Start()
    {
        _writing = WriteLoopAsync();
        _reading = ReadLoopAsync();
    }

    /// <summary>Queues a message for the next batch; false when the connection is closed.</summary>
    public bool TrySend(OutgoingMessage message) => _outgoing.Writer.TryWrite(message);

    /// <summary>Closes the socket; queued messages are told they were not sent.</summary>
    public void Close(Exception? reason)
    {
        if (Interlocked.Exchange(ref _isClosed, 1) != 0)
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        _closing.Cancel();
        _socket.Dispose();
        var notSent = reason ?? new SiloUnavailableException($"The connection to {Remote} closed.");
        while (_outgoing.Reader.TryRead(out var message))
        {
            message.OnNotSent(notSent);
        }

        MessagingInstruments.ConnectionEvents.Add(1, new KeyValuePair<string, object?>("event", reason is null ? "closed" : "lost"));
        OnClosed(notSent);
        _closed.TrySetResult(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Close(null);
        await _writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _closing.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Handles one frame body; throw <see cref="WireFormatException"/> to close the connection as corrupt.</summary>
    protected abstract void OnFrame(MessageKind kind, WireReader reader);

    /// <summary>The connection closed; <paramref name="reason"/> is what pending work fails with.</summary>
    protected virtual void OnClosed(Exception reason)
    {
    }

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        var writer = new WireWriter(64 * 1024);
        var batch = new List<OutgoingMessage>();
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                writer.Reset();
                batch.Clear();
                while (writer.Length < WireProtocol.FlushThreshold && reader.TryRead(out var message))
                {
                    var start = writer.Length;
                    var lengthAt = writer.ReserveInt32();
                    try
                    {
                        message.Write(writer);
                    }
                    catch (Exception ex)
                    {
                        writer.SetLength(start);
                        LogSerializationFailed(ex, Remote);
                        message.OnNotSent(ex);
                        continue;
                    }

                    writer.PatchInt32(lengthAt, writer.Length - lengthAt - 4);
                    batch.Add(message);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                await _stream.WriteAsync(writer.WrittenMemory, _closing.Token).ConfigureAwait(false);
                MessagingInstruments.MessagesSent.Add(batch.Count);
                MessagingInstruments.BytesSent.Add(writer.Length);
                MessagingInstruments.BatchSize.Record(batch.Count);
                foreach (var message in batch)
                {
                    message.OnSent();
                }
            }
        }
        catch (Exception ex)
        {
            // A write that failed may have delivered part of the batch: its calls count as sent (they may have run),
            // so the close fails them as lost rather than letting them be resent.
            foreach (var message in batch)
            {
                message.OnSent();
            }

            if (IsOpen)
            {
                LogConnectionLost(ex, Remote);
            }

            Close(ex is OperationCanceledException ? null : ex);
        }
    }

    private async Task ReadLoopAsync()
    {
        await Task.Yield();
        var pipe = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var wire = new WireReader(default);
        byte[] scratch = [];
        Exception? reason = null;
        try
        {
            while (true)
            {
                var read = await pipe.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                var frames = 0;
                long bytes = 0;
                while (TryCutFrame(ref buffer, out var frame))
                {
                    ReadOnlyMemory<byte> body;
                    if (frame.IsSingleSegment)
                    {
                        body = frame.First;
                    }
                    else
                    {
                        if (scratch.Length < frame.Length)
                        {
                            scratch = new byte[Math.Max((int)frame.Length, scratch.Length * 2)];
                        }

                        frame.CopyTo(scratch);
                        body = scratch.AsMemory(0, (int)frame.Length);
                    }

                    frames++;
                    bytes += frame.Length + 4;
                    wire.Reset(body);
                    var kind = (MessageKind)wire.ReadByte();
                    OnFrame(kind, wire);
                }

                if (frames > 0)
                {
                    MessagingInstruments.MessagesReceived.Add(frames);
                    MessagingInstruments.BytesReceived.Add(bytes);
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    reason = buffer.IsEmpty ? null : new WireFormatException("The peer closed the connection in the middle of a frame.");
                    break;
                }
            }
        }
        catch (WireFormatException ex)
        {
            LogMalformedFrame(ex, Remote);
            reason = ex;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            if (IsOpen)
            {
                LogConnectionLost(ex, Remote);
            }

            reason = ex;
        }

        await pipe.CompleteAsync().ConfigureAwait(false);
        Close(reason ?? (IsOpen ? new SiloUnavailableException($"{Remote} closed the connection.") : null));
    }

    private static bool TryCutFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length is < 1 or > WireProtocol.MaxFrameSize)
        {
            throw new WireFormatException($"A frame of {length} bytes is outside 1..{WireProtocol.MaxFrameSize}.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        frame = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    [LoggerMessage(700, LogLevel.Error, "Closing the connection with {Remote}: it sent a malformed frame.")]
    private partial void LogMalformedFrame(Exception exception, string remote);

    [LoggerMessage(701, LogLevel.Warning, "The connection with {Remote} failed.")]
    private partial void LogConnectionLost(Exception exception, string remote);

    [LoggerMessage(702, LogLevel.Error, "A message for {Remote} could not be serialized.")]
    private partial void LogSerializationFailed(Exception exception, string remote);
}
