using System.Globalization;
using System.Linq;
using Orleans.Widgets.CodeGenerator.Model;

namespace Orleans.Widgets.CodeGenerator.Emit;

/// <summary>Writes a grain interface's proxy and its request classes.</summary>
internal static class ProxyEmitter
{
    private const string Runtime = "global::Orleans.Widgets.Runtime.";
    private const string Serialization = "global::Orleans.Widgets.Runtime.Serialization.";

    public static string Emit(GrainInterfaceModel model, string? assemblyName)
    {
        var ns = KnownNames.ProxyNamespace(assemblyName, model.Namespace);
        var proxyType = "global::" + ns + "." + model.ProxyName;
        var writer = new CodeWriter();
        writer.Open("namespace " + ns);
        writer.Line("/// <summary>Proxy of " + model.HintName + ": sends each call through a grain call invoker.</summary>");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.Open("internal sealed class " + model.ProxyName + " : " + Runtime + "GrainReference, " + model.InterfaceType);
        writer.Line("public " + model.ProxyName + "(" + Runtime + "GrainId grainId, " + Runtime + "IGrainCallInvoker invoker)");
        writer.Line("    : base(grainId, invoker)");
        writer.Line("{");
        writer.Line("}");

        for (var i = 0; i < model.Methods.Count; i++)
        {
            var method = model.Methods[i];
            var requestType = proxyType + "." + RequestName(method, i);
            var parameters = string.Join(", ", method.Parameters.Select(static p => p.Type + " " + p.Name));
            var arguments = string.Join(", ", method.Parameters.Select(static p => p.Name));
            var call = "this.Invoker.InvokeAsync(this.GrainId, new " + requestType + "(" + arguments + "))";
            if (method.Kind == ReturnKind.ValueTask)
            {
                call = "new global::System.Threading.Tasks.ValueTask(" + call + ")";
            }
            else if (method.Kind == ReturnKind.ValueTaskOfT)
            {
                call = "new global::System.Threading.Tasks.ValueTask<" + method.ResultType + ">(" + call + ")";
            }

            writer.Line();
            writer.Line(method.ReturnType + " " + method.DeclaringInterface + "." + method.Name + "(" + parameters + ")");
            writer.Line("    => " + call + ";");
        }

        writer.Line();
        writer.Line("/// <summary>Registers the readers of this proxy's request classes by wire type id.</summary>");
        writer.Open("internal static void RegisterRequests()");
        for (var i = 0; i < model.Methods.Count; i++)
        {
            var method = model.Methods[i];
            var requestType = proxyType + "." + RequestName(method, i);
            writer.Line(Serialization + "GrainRequestCodecRegistry.Register(" + requestType + ".RequestTypeId, "
                + KnownNames.Literal(method.Signature) + ", " + requestType + ".ReadRequest);");
        }

        writer.Close();

        for (var i = 0; i < model.Methods.Count; i++)
        {
            writer.Line();
            EmitRequest(writer, model.Methods[i], RequestName(model.Methods[i], i));
        }

        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private static void EmitCodec(CodeWriter writer, GrainMethodModel method, string name)
    {
        writer.Line();
        writer.Line("/// <summary>The request's wire type id: a hash of " + System.Security.SecurityElement.Escape(method.Signature) + ".</summary>");
        writer.Line("public const int RequestTypeId = " + WireCodec.TypeId(method.Signature).ToString(CultureInfo.InvariantCulture) + ";");
        writer.Line();
        writer.Line("public override int TypeId => RequestTypeId;");
        writer.Line();
        writer.Open("public override void WriteArguments(" + Serialization + "WireWriter writer)");
        for (var p = 0; p < method.Parameters.Count; p++)
        {
            var parameter = method.Parameters[p];
            var line = WireCodec.Write(parameter.Codec, parameter.Type, "this.Arg" + p.ToString(CultureInfo.InvariantCulture));
            if (line.Length > 0)
            {
                writer.Line(line);
            }
        }

        writer.Close();
        writer.Line();
        var reads = string.Join(", ", method.Parameters.Select(static p => WireCodec.Read(p.Codec, p.Type)));
        writer.Line("public static " + Runtime + "GrainRequestBase ReadRequest(" + Serialization + "WireReader reader)");
        writer.Line("    => new " + name + "(" + reads + ");");
        if (method.ResultType is not null && method.ResultCodec is not null)
        {
            var write = WireCodec.Write(method.ResultCodec, method.ResultType, "result");
            writer.Line();
            writer.Open("public override void WriteResult(" + Serialization + "WireWriter writer, " + method.ResultType + " result)");
            if (write.Length > 0)
            {
                writer.Line(write);
            }

            writer.Close();
            writer.Line();
            writer.Line("public override " + method.ResultType + " ReadResult(" + Serialization + "WireReader reader)");
            writer.Line("    => " + WireCodec.Read(method.ResultCodec, method.ResultType) + ";");
        }
    }

    private static string RequestName(GrainMethodModel method, int index)
        => method.MetadataName + "_Request" + index.ToString(CultureInfo.InvariantCulture);

    private static void EmitRequest(CodeWriter writer, GrainMethodModel method, string name)
    {
        var hasResult = method.Kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT;
        var baseType = hasResult ? Runtime + "GrainRequest<" + method.ResultType + ">" : Runtime + "GrainRequest";
        var taskType = hasResult ? "global::System.Threading.Tasks.Task<" + method.ResultType + ">" : "global::System.Threading.Tasks.Task";

        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.Open("internal sealed class " + name + " : " + baseType);
        for (var p = 0; p < method.Parameters.Count; p++)
        {
            writer.Line("public readonly " + method.Parameters[p].Type + " Arg" + p.ToString(CultureInfo.InvariantCulture) + ";");
        }

        if (method.Parameters.Count > 0)
        {
            writer.Line();
        }

        var ctorParameters = string.Join(", ", method.Parameters.Select(static (p, i) => p.Type + " arg" + i.ToString(CultureInfo.InvariantCulture)));
        writer.Open("public " + name + "(" + ctorParameters + ")");
        for (var p = 0; p < method.Parameters.Count; p++)
        {
            var index = p.ToString(CultureInfo.InvariantCulture);
            writer.Line("this.Arg" + index + " = arg" + index + ";");
        }

        writer.Close();
        writer.Line();
        writer.Line("public override global::System.Type InterfaceType => typeof(" + method.DeclaringInterface + ");");
        writer.Line();
        writer.Line("public override string MethodName => " + KnownNames.Literal(method.MetadataName) + ";");
        if (method.AlwaysInterleave)
        {
            writer.Line();
            writer.Line("public override bool AlwaysInterleave => true;");
        }

        if (method.Idempotent)
        {
            writer.Line();
            writer.Line("public override bool IsIdempotent => true;");
        }

        EmitCodec(writer, method, name);

        var arguments = string.Join(", ", method.Parameters.Select(static (_, i) => "this.Arg" + i.ToString(CultureInfo.InvariantCulture)));
        var invoke = "((" + method.DeclaringInterface + ")grain)." + method.Name + "(" + arguments + ")";
        if (method.Kind is ReturnKind.ValueTask or ReturnKind.ValueTaskOfT)
        {
            invoke += ".AsTask()";
        }

        writer.Line();
        writer.Line("public override " + taskType + " Invoke(object grain)");
        writer.Line("    => " + invoke + ";");
        writer.Close();
    }
}
