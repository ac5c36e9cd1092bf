using Microsoft.CodeAnalysis;

namespace Orleans.Widgets.CodeGenerator.Model;

/// <summary>
/// Which <c>WireWriter</c>/<c>WireReader</c> method pair carries a value: a built-in codec for primitives, nothing for a
/// cancellation token (it does not cross processes), JSON for everything else.
/// </summary>
internal static class WireCodec
{
    public const string Json = "Json";
    public const string None = "None";

    public static string For(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return "String";
            case SpecialType.System_Int32:
                return "Int32";
            case SpecialType.System_Int64:
                return "Int64";
            case SpecialType.System_Boolean:
                return "Boolean";
            case SpecialType.System_Double:
                return "Double";
            case SpecialType.System_Byte:
                return "Byte";
        }

        if (KnownNames.Is(type, "System", "Guid"))
        {
            return "Guid";
        }

        return KnownNames.Is(type, "System.Threading", "CancellationToken") ? None : Json;
    }

    /// <summary>The expression that writes <paramref name="value"/> with <c>writer</c>.</summary>
    public static string Write(string codec, string type, string value)
        => codec switch
        {
            None => string.Empty,
            Json => "writer.WriteJson<" + type + ">(" + value + ");",
            _ => "writer.Write" + codec + "(" + value + ");",
        };

    /// <summary>The expression that reads a value of <paramref name="type"/> with <c>reader</c>.</summary>
    public static string Read(string codec, string type)
        => codec switch
        {
            None => "default(" + type + ")",
            Json => "reader.ReadJson<" + type + ">()",
            "String" => type.EndsWith("?", System.StringComparison.Ordinal) ? "reader.ReadString()" : "reader.ReadString()!",
            _ => "reader.Read" + codec + "()",
        };

    /// <summary>A stable 32-bit id (FNV-1a of the signature), never 0.</summary>
    public static int TypeId(string signature)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in signature)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return hash == 0 ? 1 : (int)hash;
        }
    }
}
