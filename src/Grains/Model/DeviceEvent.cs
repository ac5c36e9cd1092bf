namespace Orleans.Widgets.Grains.Model;

/// <summary>Things that happen on a device.</summary>
public enum DeviceEventType
{
    AppForeground,
    AppBackground,
    AudioStarted,
    AudioEnded,
    NavigationStarted,
    NavigationEnded,
    LocaleChanged,
    DynamicTypeChanged,
    AccessibilityChanged,
    Location,
}

/// <summary>A device event; <see cref="Latitude"/> and <see cref="Longitude"/> come with <see cref="DeviceEventType.Location"/>.</summary>
public sealed record DeviceEvent(DeviceEventType Type, double? Latitude = null, double? Longitude = null);

/// <summary>What a device is doing now, as far as reload counting cares.</summary>
public sealed record DeviceContext(bool AppForeground, bool AudioActive, bool NavigationActive, DateTimeOffset FirstSeen, TimeSpan StartOfDay)
{
    /// <summary>Reloads while the app is active this way are not counted against the budget.</summary>
    public bool ExemptsReloads => AppForeground || AudioActive || NavigationActive;
}
