using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>Budget figures that do not depend on where the day window falls.</summary>
internal static class BudgetMeasures
{
    /// <summary>
    /// Counted reloads in the rolling 24 h the budget enforces (limit less what remains). <c>used</c> counts only the
    /// current day window, which may turn over during a test because the clock starts at a random instant.
    /// </summary>
    public static int CountedInLast24Hours(WidgetStatus status) => status.Budget.Limit - status.Budget.Remaining;
}
