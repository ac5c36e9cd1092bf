using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Widgets.Silo.Tests.Api;

/// <summary>
/// A misbehaving silo on 127.0.0.1: it reads each HTTP request and then either answers 503 or drops the connection
/// without answering, and counts the requests that reached it.
/// </summary>
public sealed class StubSilo : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly bool _answer503;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    private StubSilo(bool answer503)
    {
        _answer503 = answer503;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>A silo that answers every request with 503 (not ready).</summary>
    public static StubSilo Unavailable() => new(answer503: true);

    /// <summary>A silo that reads every request and closes the connection without an answer (it died mid-request).</summary>
    public static StubSilo DroppingConnections() => new(answer503: false);

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var received = new StringBuilder();
            var buffer = new byte[4096];
            int headerEnd;
            while ((headerEnd = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            Interlocked.Increment(ref _requests);
            if (_answer503)
            {
                const string body = "{\"error\":\"the silo is starting\"}";
                var answer = $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await socket.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None);
                socket.Shutdown(SocketShutdown.Both);
            }
            else
            {
                // Closing with a reset after the request arrived: the client cannot know whether it was acted on.
                socket.LingerState = new LingerOption(true, 0);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
