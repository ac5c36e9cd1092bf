using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Devices;

/// <summary>A device's widgets, what the app is doing on it, its learned day, and its last location.</summary>
public sealed class DeviceState
{
    public Dictionary<string, WidgetConfiguration> Widgets { get; set; } = new(StringComparer.Ordinal);

    public bool AppForeground { get; set; }

    public bool AudioActive { get; set; }

    public bool NavigationActive { get; set; }

    public DayStartLearner Day { get; set; } = new();

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }
}
