namespace Orleans.Widgets.Runtime;

/// <summary>Why an activation is deactivated.</summary>
public enum DeactivationReasonCode
{
    None,

    /// <summary>The grain called <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,

    /// <summary>The activation was idle longer than the collection age.</summary>
    ActivationIdle,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>The silo no longer holds the grain's shard.</summary>
    ShardLost,

    /// <summary>Activation failed or the grain threw from <c>OnActivateAsync</c>.</summary>
    ActivationFailed,

    /// <summary>The state could not be written (fenced off or stale).</summary>
    ApplicationError,
}

/// <summary>Why an activation is deactivated, with a description for logs.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"{ReasonCode}: {Description}";
}
