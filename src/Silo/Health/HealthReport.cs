using System.Text.Json.Serialization;

namespace Orleans.Widgets.Silo.Health;

/// <summary>The body of the health endpoints.</summary>
/// <param name="Status"><c>live</c>, <c>ready</c> or <c>not ready</c>.</param>
/// <param name="SiloId">The silo's id, once the runtime has one.</param>
/// <param name="Reason">Why the silo is not ready.</param>
internal sealed record HealthReport(string Status, string? SiloId = null, string? Reason = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
