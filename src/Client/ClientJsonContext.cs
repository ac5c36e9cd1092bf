using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Widgets.Client;

internal sealed record ErrorBody(string? Error);

internal sealed record ReloadBody(string? Kind, IReadOnlyDictionary<string, string>? Configuration, Guid ReloadId);

internal sealed record WidgetBody(string Kind, string Family, string Device, IReadOnlyDictionary<string, string> Configuration);

internal sealed record WidgetEventBody(string Type);

internal sealed record LocationBody(double Lat, double Lon);

internal sealed record DeviceEventBody(string Type, LocationBody? Location);

internal sealed record SessionBody(string Kind);

internal sealed record SessionTaskBody(string? Id, string Url, IReadOnlyList<string> Widgets, IReadOnlyDictionary<string, string>? Headers);

internal sealed record SessionTaskAdded(string TaskId);

/// <summary>Source-generated JSON for the REST API: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ReloadBody))]
[JsonSerializable(typeof(ReloadResult))]
[JsonSerializable(typeof(WidgetBody))]
[JsonSerializable(typeof(WidgetEventBody))]
[JsonSerializable(typeof(DeviceEventBody))]
[JsonSerializable(typeof(WidgetStatus))]
[JsonSerializable(typeof(List<CurrentConfiguration>))]
[JsonSerializable(typeof(SessionBody))]
[JsonSerializable(typeof(SessionTaskBody))]
[JsonSerializable(typeof(SessionTaskAdded))]
[JsonSerializable(typeof(SessionStatus))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
