using System.ComponentModel;

namespace Orleans.Widgets.Runtime;

/// <summary>Creates the persistent states declared on grain constructors. Called by generated activators.</summary>
public static class PersistentStateFactory
{
    /// <summary>Creates the state <paramref name="stateName"/> of the activation <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">The storage name is unknown or the state name is used twice.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName, bool removeRemindersOnClear)
        where TState : new()
        => throw new NotImplementedException();
}
