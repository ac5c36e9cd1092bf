using Microsoft.CodeAnalysis;
using Orleans.Widgets.CodeGenerator.Tests.TestGrains;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.CodeGenerator.Tests;

/// <summary>The request classes' wire type ids and argument/result codecs.</summary>
public sealed class WireCodecGenerationTests
{
    private const string Namespace = "OrleansWidgetsGenerated.Sample_Grains";

    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Orleans.Widgets;

        namespace MyApp;

        public sealed record Point(int X, int Y);

        public interface IShapeGrain : IGrainWithStringKey
        {
            Task<int> MoveAsync(int dx, long dy, string name, string? note, bool flag, double scale, Guid id, byte b);
            Task<Point> MoveAsync(Point to);
            Task<Dictionary<string, DateTimeOffset>?> HistoryAsync(CancellationToken cancellationToken);
            [Idempotent]
            ValueTask<string> NameAsync();
            Task ResetAsync();
        }
        """;

    [Fact]
    public void Every_request_gets_a_distinct_stable_type_id_and_registers_its_reader()
    {
        var first = GeneratorHarness.Run(Source).ShouldSucceed();
        var second = GeneratorHarness.Run(Source).ShouldSucceed();

        var ids = TypeIds(first);
        Assert.Equal(5, ids.Count);
        Assert.Equal(5, ids.Values.Distinct().Count());
        Assert.DoesNotContain(0, ids.Values);
        Assert.Equal(ids, TypeIds(second));

        var code = first.AllSources;
        Assert.Contains("global::OrleansWidgetsGenerated.Sample_Grains.MyApp.ShapeGrainProxy.RegisterRequests();", code, StringComparison.Ordinal);
        Assert.Contains(
            "global::Orleans.Widgets.Runtime.Serialization.GrainRequestCodecRegistry.Register(global::OrleansWidgetsGenerated.Sample_Grains.MyApp.ShapeGrainProxy.MoveAsync_Request1.RequestTypeId, \"global::MyApp.IShapeGrain.MoveAsync(global::MyApp.Point)\", global::OrleansWidgetsGenerated.Sample_Grains.MyApp.ShapeGrainProxy.MoveAsync_Request1.ReadRequest);",
            code,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Primitives_use_built_in_codecs_and_other_types_json()
    {
        var code = GeneratorHarness.Run(Source).ShouldSucceed().AllSources;

        Assert.Contains("writer.WriteInt32(this.Arg0);", code, StringComparison.Ordinal);
        Assert.Contains("writer.WriteInt64(this.Arg1);", code, StringComparison.Ordinal);
        Assert.Contains("writer.WriteBoolean(this.Arg4);", code, StringComparison.Ordinal);
        Assert.Contains("writer.WriteGuid(this.Arg6);", code, StringComparison.Ordinal);
        Assert.Contains("=> new MoveAsync_Request0(reader.ReadInt32(), reader.ReadInt64(), reader.ReadString()!, reader.ReadString(), reader.ReadBoolean(), reader.ReadDouble(), reader.ReadGuid(), reader.ReadByte());", code, StringComparison.Ordinal);
        Assert.Contains("writer.WriteJson<global::MyApp.Point>(this.Arg0);", code, StringComparison.Ordinal);
        Assert.Contains("=> reader.ReadJson<global::System.Collections.Generic.Dictionary<string, global::System.DateTimeOffset>?>();", code, StringComparison.Ordinal);

        // A cancellation token does not cross processes: nothing written, the default read.
        Assert.Contains("=> new HistoryAsync_Request2(default(global::System.Threading.CancellationToken));", code, StringComparison.Ordinal);
        Assert.Contains("public override bool IsIdempotent => true;", code, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(code, "IsIdempotent"));
    }

    [Fact]
    public async Task Generated_codecs_round_trip_arguments_and_results()
    {
        var grain = new FakeTestGrain();
        var invoker = new RecordingInvoker(grain);
        var proxy = GrainProxyRegistry.GetFactory<ITestGrain>()(new GrainId(GrainType.Create("test"), "k"), invoker);
        Assert.Equal("xyxyxy", await proxy.EchoAsync("xy", 3));
        var sent = (GrainRequest<string>)invoker.Calls[0].Request;

        var writer = new WireWriter();
        sent.WriteArguments(writer);
        Assert.True(GrainRequestCodecRegistry.TryRead(sent.TypeId, new WireReader(writer.WrittenMemory), out var received));
        var copy = Assert.IsAssignableFrom<GrainRequest<string>>(received);
        Assert.Equal(sent.GetType(), copy.GetType());
        Assert.Equal("xyxyxy", await copy.Invoke(new FakeTestGrain()));

        writer.Reset();
        copy.WriteResult(writer, "result");
        Assert.Equal("result", sent.ReadResult(new WireReader(writer.WrittenMemory)));
    }

    [Fact]
    public void A_truncated_message_is_a_wire_format_error_not_a_value()
    {
        var writer = new WireWriter();
        writer.WriteString("abcdef");
        var bytes = writer.WrittenMemory[..5];
        Assert.Throws<WireFormatException>(() => new WireReader(bytes).ReadString());
        Assert.Throws<WireFormatException>(() => new WireReader(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF }).ReadString());
    }

    private static Dictionary<string, int> TypeIds(GeneratorRun run)
    {
        var proxy = run.Type($"{Namespace}.MyApp.ShapeGrainProxy")!;
        return proxy.GetTypeMembers().ToDictionary(
            static r => r.Name,
            static r => (int)r.GetMembers("RequestTypeId").OfType<IFieldSymbol>().Single().ConstantValue!);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
