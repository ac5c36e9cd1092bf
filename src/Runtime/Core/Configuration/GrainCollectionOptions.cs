namespace Orleans.Widgets.Runtime.Configuration;

/// <summary>Idle activation collection (section <c>Widgets:Grains</c>).</summary>
public sealed class GrainCollectionOptions
{
    public const string SectionName = "Widgets:Grains";

    /// <summary>An activation idle for longer than this is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations; also the precision of <see cref="CollectionAge"/>.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long <c>OnDeactivateAsync</c> may run before the activation is dropped anyway.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
