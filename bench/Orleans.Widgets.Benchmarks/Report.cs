using System.Globalization;
using System.Text.Json;

namespace Orleans.Widgets.Benchmarks;

/// <summary>Results go to stdout, one JSON object per line; everything else goes to stderr.</summary>
internal static class Report
{
    private static readonly DateTime Started = DateTime.UtcNow;

    public static void Result(string name, double value, string unit)
    {
        var rounded = Math.Round(value, value >= 100 ? 0 : 2);
        Console.Out.WriteLine(JsonSerializer.Serialize(new Line(name, rounded, unit), LineContext.Default.Line));
        Console.Out.Flush();
    }

    public static void Log(string message)
        => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{(DateTime.UtcNow - Started).TotalSeconds,7:F1}s] {message}"));
}

internal sealed record Line(
    [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
    [property: System.Text.Json.Serialization.JsonPropertyName("value")] double Value,
    [property: System.Text.Json.Serialization.JsonPropertyName("unit")] string Unit);

[System.Text.Json.Serialization.JsonSerializable(typeof(Line))]
internal sealed partial class LineContext : System.Text.Json.Serialization.JsonSerializerContext;
