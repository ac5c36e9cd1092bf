namespace Orleans.Widgets.Silo.Api;

/// <summary><c>POST /v1/apps/{app}/devices/{device}/events</c>.</summary>
internal sealed class DeviceEventRequest
{
    public string? Type { get; set; }

    /// <summary>Required with <c>location</c>.</summary>
    public LocationRequest? Location { get; set; }
}

/// <summary>A device's position in degrees.</summary>
internal sealed class LocationRequest
{
    public double? Lat { get; set; }

    public double? Lon { get; set; }
}

/// <summary>One widget on a device.</summary>
internal sealed record WidgetConfigurationResponse(string WidgetId, string Kind, string Family, IReadOnlyDictionary<string, string> Configuration);
