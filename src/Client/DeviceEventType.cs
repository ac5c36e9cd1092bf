namespace Orleans.Widgets.Client;

/// <summary>Things that happen on a device.</summary>
public enum DeviceEventType
{
    /// <summary>The containing app came to the foreground.</summary>
    AppForeground,

    /// <summary>The containing app went to the background.</summary>
    AppBackground,

    /// <summary>An audio session started.</summary>
    AudioStarted,

    /// <summary>The audio session ended.</summary>
    AudioEnded,

    /// <summary>A navigation session started.</summary>
    NavigationStarted,

    /// <summary>The navigation session ended.</summary>
    NavigationEnded,

    /// <summary>The system locale changed.</summary>
    LocaleChanged,

    /// <summary>Dynamic Type changed.</summary>
    DynamicTypeChanged,

    /// <summary>An accessibility setting changed.</summary>
    AccessibilityChanged,

    /// <summary>The device's location (latitude and longitude required).</summary>
    Location,
}
