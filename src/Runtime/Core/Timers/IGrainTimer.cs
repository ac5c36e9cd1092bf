namespace Orleans.Widgets.Runtime;

/// <summary>A grain timer. Dispose it to stop it; it also stops when the activation deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the next tick is due and the period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
