namespace Orleans.Widgets.Runtime.Tests.TestGrains;

public sealed class StatefulGrain : Grain, IStatefulGrain, IRemindable
{
    private readonly IPersistentState<StatefulState> _state;
    private IGrainTimer? _timer;
    private int _timerTicks;

    public StatefulGrain([PersistentState("main", RemoveRemindersOnClear = true)] IPersistentState<StatefulState> state) => _state = state;

    public async Task Set(string value)
    {
        _state.State.Value = value;
        await _state.WriteStateAsync();
    }

    public Task<string?> Get() => Task.FromResult(_state.State.Value);

    public Task<string?> Etag() => Task.FromResult(_state.Etag);

    public Task<bool> Exists() => Task.FromResult(_state.RecordExists);

    public Task Clear() => _state.ClearStateAsync();

    public Task Reload() => _state.ReadStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task RegisterReminder(string name, TimeSpan due, TimeSpan period)
        => period == TimeSpan.Zero ? RegisterOrUpdateReminder(name, due) : RegisterOrUpdateReminder(name, due, period);

    public async Task Unregister(string name)
    {
        var reminder = await GetReminder(name) ?? throw new InvalidOperationException($"No reminder {name}.");
        await UnregisterReminder(reminder);
    }

    public async Task<IReadOnlyList<string>> ReminderNames()
        => (await GetReminders()).Select(r => r.ReminderName).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public Task<IReadOnlyList<TickRecord>> Ticks() => Task.FromResult<IReadOnlyList<TickRecord>>(_state.State.Ticks.ToArray());

    public async Task RegisterRearmingReminder(string name, TimeSpan due, TimeSpan rearm)
    {
        _state.State.Rearm[name] = rearm;
        await _state.WriteStateAsync();
        await RegisterOrUpdateReminder(name, due);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _state.State.Ticks.Add(new TickRecord(reminderName, status.CurrentTickTime, status.Lateness));
        await _state.WriteStateAsync();
        if (_state.State.Rearm.TryGetValue(reminderName, out var rearm))
        {
            await RegisterOrUpdateReminder(reminderName, rearm);
        }
    }

    public Task StartTimer(TimeSpan due, TimeSpan period)
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(
            _ =>
            {
                _timerTicks++;
                return Task.CompletedTask;
            },
            due,
            period);
        return Task.CompletedTask;
    }

    public Task<int> TimerTicks() => Task.FromResult(_timerTicks);
}
