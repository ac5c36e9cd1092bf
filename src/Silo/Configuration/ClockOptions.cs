namespace Orleans.Widgets.Silo.Configuration;

/// <summary>Which clock the silo runs on.</summary>
public enum ClockKind
{
    /// <summary>The system clock.</summary>
    System,

    /// <summary>A clock that moves only through <c>POST /v1/clock/advance</c>: for demos and day-long tests.</summary>
    Simulated,
}

/// <summary>Clock settings (keys <c>Widgets:Clock</c> and <c>Widgets:ClockStart</c>).</summary>
public sealed class ClockOptions
{
    /// <summary><c>system</c> (default) or <c>simulated</c>.</summary>
    public ClockKind Clock { get; set; } = ClockKind.System;

    /// <summary>Where a simulated clock starts (ISO 8601); defaults to the current time.</summary>
    public DateTimeOffset? ClockStart { get; set; }
}
