using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Benchmarks.Grains;

public sealed class WriterGrain : Grain, IWriterGrain
{
    private readonly IPersistentState<WriterState> _state;

    public WriterGrain([PersistentState("main")] IPersistentState<WriterState> state) => _state = state;

    public Task Write(int value)
    {
        _state.State.Value = value;
        return _state.WriteStateAsync();
    }
}
