namespace Orleans.Widgets.Runtime.Catalog;

/// <summary>Lifecycle of an activation.</summary>
internal enum ActivationState : byte
{
    /// <summary>Constructing the grain, reading its state, running <c>OnActivateAsync</c>; calls queue.</summary>
    Activating,

    /// <summary>Running calls.</summary>
    Valid,

    /// <summary>Running <c>OnDeactivateAsync</c>; calls queue and go to the next activation.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; late calls go to the next activation.</summary>
    Invalid,
}
