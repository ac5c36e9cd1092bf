using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Budget;

/// <summary>Everything <see cref="BudgetPolicy.Evaluate"/> looks at; the policy reads these and changes nothing.</summary>
/// <param name="Now">The instant of the decision.</param>
/// <param name="Reason">Why the widget wants to reload.</param>
/// <param name="Device">What the device is doing, its first sighting and its learned start of day.</param>
/// <param name="Visibility">How often and how long the widget is seen.</param>
/// <param name="Ledger">The widget's counted reloads of the last 24 h.</param>
public sealed record BudgetInputs(
    DateTimeOffset Now,
    ReloadReason Reason,
    DeviceContext Device,
    VisibilityStats Visibility,
    ReloadLedger Ledger)
{
    /// <summary>
    /// With <see cref="ReloadReason.Retry"/>: the reason of the reload that failed. The retry is judged as
    /// that reason (a retried exempt reload stays exempt). Without it a retry is an ordinary counted reload.
    /// </summary>
    public ReloadReason? RetryOf { get; init; }
}
