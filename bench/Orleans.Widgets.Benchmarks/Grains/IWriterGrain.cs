namespace Orleans.Widgets.Benchmarks.Grains;

/// <summary>A grain that persists a small state on every call.</summary>
public interface IWriterGrain : IGrainWithStringKey
{
    Task Write(int value);
}

public sealed class WriterState
{
    public int Value { get; set; }
}
