namespace Orleans.Widgets.Runtime;

/// <summary>The runtime's view of one activation, as grain code and its helpers see it.</summary>
public interface IGrainContext
{
    /// <summary>The grain's id.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain instance, once constructed.</summary>
    object? GrainInstance { get; }

    /// <summary>Services of the silo.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Requests deactivation once the current turn ends.</summary>
    void Deactivate(DeactivationReason reason);
}
