using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.TestSilo.Grains;

/// <summary>Writes its value and every reminder tick to persistent state before acknowledging.</summary>
public sealed class ProbeGrain : Grain, IProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    private readonly IPersistentState<ProbeState> _state;
    private IGrainTimer? _writer;

    public ProbeGrain([PersistentState("value")] IPersistentState<ProbeState> state) => _state = state;

    public async Task SetValueAsync(string value)
    {
        _state.State.Value = value;
        await _state.WriteStateAsync();
    }

    public Task<string?> GetValueAsync() => Task.FromResult(_state.State.Value);

    public async Task StartReminderAsync(int dueSeconds, int periodSeconds)
        => await RegisterOrUpdateReminder(ReminderName, TimeSpan.FromSeconds(dueSeconds), TimeSpan.FromSeconds(periodSeconds));

    public Task<List<int>> GetTicksAsync() => Task.FromResult(_state.State.Ticks.ToList());

    public Task<int> GetSiloProcessIdAsync() => Task.FromResult(Environment.ProcessId);

    public Task StartWritingAsync()
    {
        var written = 0;
        _writer ??= RegisterGrainTimer(
            async _ =>
            {
                _state.State.Value = $"tick-{Environment.ProcessId}-{++written}";
                await _state.WriteStateAsync();
            },
            TimeSpan.FromMilliseconds(100),
            TimeSpan.FromMilliseconds(100));
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _state.State.Ticks.Add(Environment.ProcessId);
        await _state.WriteStateAsync();
    }
}
