using System.ComponentModel;
using Orleans.Widgets.Runtime.Catalog;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime;

/// <summary>Creates the persistent states declared on grain constructors. Called by generated activators.</summary>
public static class PersistentStateFactory
{
    /// <summary>The name of the silo's one storage; <see langword="null"/> means the same.</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>Creates the state <paramref name="stateName"/> of the activation <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">The storage name is unknown or the state name is empty.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName, bool removeRemindersOnClear)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        if (storageName is not null && storageName != DefaultStorageName)
        {
            throw new ArgumentException($"Unknown storage '{storageName}' for state '{stateName}' of {context.GrainId}; only '{DefaultStorageName}' exists.", nameof(storageName));
        }

        var activation = context as ActivationData
            ?? throw new ArgumentException("Persistent state needs an activation created by this runtime.", nameof(context));
        var state = new PersistentState<TState>(activation, stateName, removeRemindersOnClear);
        activation.AddStateLoader(state);
        return state;
    }
}
