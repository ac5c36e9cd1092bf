namespace Orleans.Widgets.Runtime.Reminders;

/// <summary>The call that delivers a reminder tick, queued like any other call so it never overlaps a turn.</summary>
internal sealed class ReceiveReminderRequest : GrainRequest
{
    private readonly string _name;
    private readonly TickStatus _status;

    public ReceiveReminderRequest(string name, TickStatus status)
    {
        _name = name;
        _status = status;
    }

    public override Type InterfaceType => typeof(IRemindable);

    public override string MethodName => nameof(IRemindable.ReceiveReminder);

    public override Task Invoke(object grain) => grain is IRemindable remindable
        ? remindable.ReceiveReminder(_name, _status)
        : Task.FromException(new InvalidOperationException($"{grain.GetType().FullName} has reminders but does not implement IRemindable."));
}
