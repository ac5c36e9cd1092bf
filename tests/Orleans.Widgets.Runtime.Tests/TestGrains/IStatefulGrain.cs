namespace Orleans.Widgets.Runtime.Tests.TestGrains;

public interface IStatefulGrain : IGrainWithStringKey
{
    Task Set(string value);

    Task<string?> Get();

    Task<string?> Etag();

    Task<bool> Exists();

    Task Clear();

    Task Reload();

    Task Deactivate();

    Task RegisterReminder(string name, TimeSpan due, TimeSpan period);

    /// <summary>A one-shot reminder that the grain registers again, <paramref name="rearm"/> later, each time it fires.</summary>
    Task RegisterRearmingReminder(string name, TimeSpan due, TimeSpan rearm);

    Task Unregister(string name);

    Task<IReadOnlyList<string>> ReminderNames();

    Task<IReadOnlyList<TickRecord>> Ticks();

    Task StartTimer(TimeSpan due, TimeSpan period);

    Task<int> TimerTicks();
}

public sealed record TickRecord(string Name, DateTime Due, TimeSpan Lateness);

public sealed class StatefulState
{
    public string? Value { get; set; }

    public List<TickRecord> Ticks { get; set; } = [];

    public Dictionary<string, TimeSpan> Rearm { get; set; } = [];
}
