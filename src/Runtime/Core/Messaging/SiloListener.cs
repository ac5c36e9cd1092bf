using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// Accepts connections from other silos and from clients on one TCP endpoint. Port 0 picks a free port;
/// <see cref="Endpoint"/> is the address actually bound, for the membership table.
/// </summary>
internal sealed partial class SiloListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IncomingCallHandler _handler;
    private readonly Func<string> _siloId;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<InboundConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _accepting = Task.CompletedTask;

    private SiloListener(Socket socket, IncomingCallHandler handler, Func<string> siloId, ILoggerFactory loggerFactory)
    {
        _socket = socket;
        _handler = handler;
        _siloId = siloId;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SiloListener>();
        Endpoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Connections currently open.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Binds <paramref name="host"/>:<paramref name="port"/> and starts accepting.</summary>
    /// <exception cref="InvalidOperationException">The address cannot be bound.</exception>
    public static SiloListener Start(string host, int port, IncomingCallHandler handler, Func<string> siloId, ILoggerFactory loggerFactory)
    {
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host).First();
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new InvalidOperationException($"Cannot listen on {host}:{port}: {ex.Message}", ex);
        }

        var listener = new SiloListener(socket, handler, siloId, loggerFactory);
        listener._accepting = listener.AcceptLoopAsync();
        listener.LogListening(listener.Endpoint.ToString());
        return listener;
    }

    /// <summary>Stops accepting and closes every open connection (their callers see the connection drop).</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _socket.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var connection in _connections.Keys)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var logger = _loggerFactory.CreateLogger<InboundConnection>();
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(ex);
                continue;
            }

            var connection = new InboundConnection(accepted, _handler, new Handshake(WireProtocol.Version, _siloId(), ConnectionRole.Silo), logger);
            _connections[connection] = 0;
            _ = RemoveWhenClosedAsync(connection);
            Diagnostics.MessagingInstruments.ConnectionEvents.Add(1, new KeyValuePair<string, object?>("event", "accepted"));
            connection.Start();
        }
    }

    private async Task RemoveWhenClosedAsync(InboundConnection connection)
    {
        await connection.Closed.ConfigureAwait(false);
        _connections.TryRemove(connection, out _);
    }

    [LoggerMessage(710, LogLevel.Information, "Listening for silos and clients on {Endpoint}.")]
    private partial void LogListening(string endpoint);

    [LoggerMessage(711, LogLevel.Warning, "Accepting a connection failed.")]
    private partial void LogAcceptFailed(Exception exception);
}
