namespace Orleans.Widgets;

/// <summary>Implemented by grains that receive durable reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Called when the reminder named <paramref name="reminderName"/> is due.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
