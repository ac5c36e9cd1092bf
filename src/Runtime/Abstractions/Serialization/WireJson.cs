using System.Text.Json;

namespace Orleans.Widgets.Runtime.Serialization;

/// <summary>The JSON settings of arguments and results that have no built-in codec.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
    };
}
