using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Devices;

/// <summary>One device of one app: its widgets and its context. Key: <see cref="Widgets.WidgetKeys.Device"/>.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    Task AddWidget(WidgetConfiguration widget);

    Task RemoveWidget(string widgetId);

    Task<IReadOnlyList<WidgetConfiguration>> GetConfigurations();

    /// <summary>The device's context. Read-only, so it interleaves: widgets ask while the device may be calling them.</summary>
    [AlwaysInterleave]
    Task<DeviceContext> GetContext();

    /// <summary>Applies an event and reloads the widgets it concerns (locale, Dynamic Type, accessibility, location).</summary>
    Task OnEvent(DeviceEvent deviceEvent);
}
