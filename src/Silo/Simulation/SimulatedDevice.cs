namespace Orleans.Widgets.Silo.Simulation;

/// <summary>One simulated device: its user's viewing class and waking hours, and the widgets placed on it.</summary>
internal sealed class SimulatedDevice
{
    private const int MinutesPerDay = 24 * 60;

    public SimulatedDevice(int index, ViewingClass viewing, int utcOffsetMinutes, int wakeMinute, int sleepMinute, int firstWidget, int widgetCount)
    {
        Index = index;
        Viewing = viewing;
        UtcOffsetMinutes = utcOffsetMinutes;
        WakeMinute = wakeMinute;
        SleepMinute = sleepMinute;
        FirstWidget = firstWidget;
        WidgetCount = widgetCount;
    }

    public int Index { get; }

    public string Id => Fleet.DevicePrefix + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public ViewingClass Viewing { get; }

    /// <summary>The device's time zone, as an offset from UTC.</summary>
    public int UtcOffsetMinutes { get; }

    /// <summary>Local minute of the day the user wakes up.</summary>
    public int WakeMinute { get; }

    /// <summary>Local minute of the day the user goes to sleep (past midnight when above 1440).</summary>
    public int SleepMinute { get; }

    public int FirstWidget { get; }

    public int WidgetCount { get; }

    /// <summary>Whether the app is in the foreground (between a foreground and a background event).</summary>
    public bool InForeground { get; set; }

    public bool IsAwake(DateTimeOffset utc)
    {
        var local = (((int)(utc.UtcDateTime.TimeOfDay.TotalMinutes + UtcOffsetMinutes) % MinutesPerDay) + MinutesPerDay) % MinutesPerDay;
        return SleepMinute <= MinutesPerDay
            ? local >= WakeMinute && local < SleepMinute
            : local >= WakeMinute || local < SleepMinute - MinutesPerDay;
    }

    /// <summary>The first instant on the step grid at or after <paramref name="utc"/> at which the user is awake.</summary>
    public DateTimeOffset NextAwake(DateTimeOffset utc)
    {
        for (var i = 0; i < MinutesPerDay / 5 && !IsAwake(utc); i++)
        {
            utc += SimulationOptions.Step;
        }

        return utc;
    }
}
