using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Widgets.Silo.Api;

/// <summary>Source-generated JSON for the API's requests and answers: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(AppRequest))]
[JsonSerializable(typeof(AppCreatedResponse))]
[JsonSerializable(typeof(AppUpdatedResponse))]
[JsonSerializable(typeof(AppResponse))]
[JsonSerializable(typeof(WidgetRequest))]
[JsonSerializable(typeof(WidgetEventRequest))]
[JsonSerializable(typeof(WidgetStatusResponse))]
[JsonSerializable(typeof(DeviceEventRequest))]
[JsonSerializable(typeof(IReadOnlyList<WidgetConfigurationResponse>))]
[JsonSerializable(typeof(ReloadRequest))]
[JsonSerializable(typeof(ReloadResponse))]
[JsonSerializable(typeof(ClockResponse))]
[JsonSerializable(typeof(ClockAdvanceRequest))]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(SessionTaskRequestBody))]
[JsonSerializable(typeof(SessionTaskAddedResponse))]
[JsonSerializable(typeof(SessionStatusResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
