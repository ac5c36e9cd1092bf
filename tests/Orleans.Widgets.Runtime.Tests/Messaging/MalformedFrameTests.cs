using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Runtime.Messaging;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Serialization;
using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Messaging;

/// <summary>
/// Garbage on a connection closes that connection with a logged error; the silo goes on serving. The silo has no shard
/// directory: it holds every shard and serves clients without forwarding.
/// </summary>
public sealed class MalformedFrameTests : IAsyncLifetime
{
    private readonly CollectingLoggerProvider _logs = new();
    private TestSilo _silo = null!;
    private SiloEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(
            settings: new Dictionary<string, string?> { ["Widgets:Cluster:Enabled"] = "true", ["Widgets:Cluster:Port"] = "0" },
            services: s => s.AddSingleton<ILoggerProvider>(_logs));
        _endpoint = StaticTestCluster.EndpointOf(_silo);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    public static TheoryData<string, byte[]> Garbage() => new()
    {
        { "negative length", Frame(-5) },
        { "length beyond the limit", Frame(WireProtocol.MaxFrameSize + 1) },
        { "request before handshake", Frame(1, [(byte)MessageKind.Request]) },
        { "unknown kind after handshake", [.. HandshakeFrame(), .. Frame(1, [99])] },
        { "truncated request", [.. HandshakeFrame(), .. Frame(3, [(byte)MessageKind.Request, 1, 2])] },
        { "wrong magic", Frame(9, [(byte)MessageKind.Handshake, 1, 2, 3, 4, 1, 0, 0, 0]) },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task A_malformed_frame_closes_the_connection_and_the_silo_keeps_serving(string what, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_endpoint.Host, _endpoint.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes);

        // The silo closes its side: reads end (after its handshake) instead of blocking.
        var buffer = new byte[4096];
        var closed = Task.Run(async () =>
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        });
        await closed.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _logs.Entries.Any(e => e.Level == LogLevel.Error && e.Message.Contains("malformed", StringComparison.Ordinal)), "the malformed frame was logged as an error");

        // A well-formed client still gets answers.
        await using var gateway = new GatewayClient([new System.Net.DnsEndPoint(_endpoint.Host, _endpoint.Port)]);
        var grain = GrainProxyRegistry.GetFactory<IRemoteGrain>()(new GrainId(((GrainReference)_silo.GrainFactory.GetGrain<IRemoteGrain>("x")).GrainId.Type, "after-" + what), gateway);
        Assert.Equal("ok", await grain.EchoText("ok"));
    }

    private static byte[] Frame(int length, byte[]? body = null)
    {
        var bytes = new byte[4 + (body?.Length ?? 0)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        body?.CopyTo(bytes, 4);
        return bytes;
    }

    private static byte[] HandshakeFrame()
    {
        var writer = new WireWriter();
        new Handshake(WireProtocol.Version, "raw", ConnectionRole.Client).Write(writer);
        return Frame(writer.Length, writer.WrittenMemory.ToArray());
    }
}
