using System.Collections.Generic;
using System.Linq;
using Orleans.Widgets.CodeGenerator.Model;

namespace Orleans.Widgets.CodeGenerator.Emit;

/// <summary>Writes the module initializers that register proxies and grain classes.</summary>
internal static class RegistrationEmitter
{
    private const string Runtime = "global::Orleans.Widgets.Runtime.";

    public static string EmitProxies(IReadOnlyList<ProxyRegistrationModel> proxies, string? assemblyName)
    {
        var writer = new CodeWriter();
        writer.Open("namespace " + KnownNames.GeneratedNamespace(assemblyName));
        writer.Line("/// <summary>Registers the assembly's grain proxies when the module loads.</summary>");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.Open("internal static class GrainProxyRegistrations");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Open("internal static void Register()");
        foreach (var proxy in proxies)
        {
            var proxyType = "global::" + KnownNames.ProxyNamespace(assemblyName, proxy.Namespace) + "." + proxy.ProxyName;
            writer.Line(Runtime + "GrainProxyRegistry.Register<" + proxy.InterfaceType + ">(static (id, invoker) => new " + proxyType + "(id, invoker));");
            writer.Line(proxyType + ".RegisterRequests();");
        }

        writer.Close();
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    public static string EmitClasses(IReadOnlyList<GrainClassModel> classes, string? assemblyName)
    {
        var writer = new CodeWriter();
        writer.Open("namespace " + KnownNames.GeneratedNamespace(assemblyName));
        writer.Line("/// <summary>Registers the assembly's grain classes when the module loads.</summary>");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.Open("internal static class GrainClassRegistrations");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Open("internal static void Register()");
        foreach (var grain in classes)
        {
            var interfaces = string.Join(", ", grain.Interfaces.Select(static i => "typeof(" + i + ")"));
            writer.Line(Runtime + "GrainClassRegistry.Register(new " + Runtime + "GrainClassInfo(");
            writer.Line("    " + KnownNames.Literal(grain.GrainType) + ",");
            writer.Line("    typeof(" + grain.ClassType + "),");
            writer.Line("    new global::System.Type[] { " + interfaces + " },");
            writer.Line("    static (global::System.IServiceProvider sp, " + Runtime + "IGrainContext ctx) => new " + grain.ClassType + "(" + Arguments(grain) + ")));");
        }

        writer.Close();
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private static string Arguments(GrainClassModel grain)
        => string.Join(", ", grain.Arguments.Select(static argument => argument.Source switch
        {
            ArgumentSource.GrainContext => "ctx",
            ArgumentSource.PersistentState => Runtime + "PersistentStateFactory.Create<" + argument.Type + ">(ctx, "
                + KnownNames.Literal(argument.StateName) + ", " + KnownNames.Literal(argument.StorageName) + ", "
                + (argument.RemoveRemindersOnClear ? "true" : "false") + ")",
            ArgumentSource.OptionalService =>
                "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService<" + argument.Type + ">(sp)",
            _ => "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<" + argument.Type + ">(sp)",
        }));
}
