using System.Collections.Frozen;
using Orleans.Widgets.Grains.Devices;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;

namespace Orleans.Widgets.Silo.Api;

/// <summary><c>/v1/apps/{app}/devices/{device}</c>: a device's events and the widgets on it.</summary>
internal static class DevicesEndpoints
{
    private static readonly FrozenDictionary<string, DeviceEventType> EventTypes = Enum.GetValues<DeviceEventType>()
        .ToFrozenDictionary(static t => WidgetsEndpoints.Name(t), StringComparer.Ordinal);

    private static readonly string EventTypeList = string.Join(", ", EventTypes.Keys.Order(StringComparer.Ordinal));

    public static void Map(RouteGroupBuilder app)
    {
        var devices = app.MapGroup("/devices/{device}");
        devices.MapPost("/events", PostDeviceEvent)
            .WithName("PostDeviceEvent")
            .WithSummary("Something happened on the device (app foreground, audio, navigation, locale, Dynamic Type, accessibility, location) (202).")
            .Accepts<DeviceEventRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        devices.MapGet("/configurations", GetConfigurations)
            .WithName("GetCurrentConfigurations")
            .WithSummary("The widgets on the device with their kind, family and configuration.")
            .Produces<IReadOnlyList<WidgetConfigurationResponse>>();
    }

    private static async Task<IResult> PostDeviceEvent(string app, string device, HttpRequest request, IGrainFactory grains)
    {
        if (ApiValidation.Id(device, "device") is { } invalidDevice)
        {
            return ApiResults.BadRequest(invalidDevice);
        }

        var body = await ApiRequestBody.ReadAsync(request, ApiJsonContext.Default.DeviceEventRequest);
        if (body.Error is { } error)
        {
            return error;
        }

        var input = body.Value!;
        if (input.Type is null || !EventTypes.TryGetValue(input.Type, out var type))
        {
            return ApiResults.BadRequest(input.Type is null ? $"type is required ({EventTypeList})" : $"type '{input.Type}' is not one of {EventTypeList}");
        }

        DeviceEvent deviceEvent;
        if (type == DeviceEventType.Location)
        {
            if (input.Location is not { Lat: { } lat, Lon: { } lon })
            {
                return ApiResults.BadRequest("location with lat and lon is required for type location");
            }

            if (!double.IsFinite(lat) || lat is < -90 or > 90)
            {
                return ApiResults.BadRequest("location.lat must be between -90 and 90");
            }

            if (!double.IsFinite(lon) || lon is < -180 or > 180)
            {
                return ApiResults.BadRequest("location.lon must be between -180 and 180");
            }

            deviceEvent = new DeviceEvent(type, lat, lon);
        }
        else
        {
            deviceEvent = new DeviceEvent(type);
        }

        await grains.Get<IDeviceGrain>(WidgetKeys.Device(app, device), "devices").OnEvent(deviceEvent);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetConfigurations(string app, string device, IGrainFactory grains)
    {
        if (ApiValidation.Id(device, "device") is { } invalidDevice)
        {
            return ApiResults.BadRequest(invalidDevice);
        }

        var widgets = await grains.Get<IDeviceGrain>(WidgetKeys.Device(app, device), "devices").GetConfigurations();
        IReadOnlyList<WidgetConfigurationResponse> list = widgets
            .Select(static w => new WidgetConfigurationResponse(w.WidgetId, w.Kind, w.Family, w.Configuration))
            .ToList();
        return ApiResults.Json(list, ApiJsonContext.Default.IReadOnlyListWidgetConfigurationResponse);
    }
}
