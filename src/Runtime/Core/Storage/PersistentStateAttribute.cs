namespace Orleans.Widgets.Runtime;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/> to be filled by the runtime.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute : Attribute
{
    /// <summary>Declares a persistent state.</summary>
    /// <param name="stateName">Name of the state, unique within the grain.</param>
    /// <param name="storageName">Storage to use; only the silo's default storage exists.</param>
    public PersistentStateAttribute(string stateName, string? storageName = null)
    {
        StateName = stateName;
        StorageName = storageName;
    }

    /// <summary>Name of the state, unique within the grain.</summary>
    public string StateName { get; }

    /// <summary>Storage to use, or <see langword="null"/> for the default.</summary>
    public string? StorageName { get; }

    /// <summary>Whether <see cref="IStorage.ClearStateAsync"/> also removes the grain's reminders, atomically.</summary>
    public bool RemoveRemindersOnClear { get; set; }
}
