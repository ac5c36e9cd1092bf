namespace Orleans.Widgets.Runtime.Configuration;

/// <summary>Reminder service settings (section <c>Widgets:Reminders</c>).</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Widgets:Reminders";

    /// <summary>Only reminders due within this horizon are held in memory; the rest stay in the database.</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the horizon is extended by loading newly near-due reminders.</summary>
    public TimeSpan LoadPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Resolution of the timing wheel: due reminders are collected this often.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Most reminder deliveries in flight at once.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 2048;

    /// <summary>Delay before a tick that could not be delivered (timeout, shard moving) is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
