using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Tests.Budget;

internal static class BudgetTestData
{
    public static readonly DateTimeOffset T0 = new(2030, 3, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A device known for a month, nothing active, day starting at UTC midnight.</summary>
    public static DeviceContext OldDevice(TimeSpan startOfDay = default) =>
        new(false, false, false, T0.AddDays(-30), startOfDay);

    public static DeviceContext NewDevice(DateTimeOffset firstSeen) => new(false, false, false, firstSeen, TimeSpan.Zero);

    public static BudgetInputs Inputs(DateTimeOffset now, ReloadReason reason, ReloadLedger ledger, VisibilityStats? visibility = null, DeviceContext? device = null) =>
        new(now, reason, device ?? OldDevice(), visibility ?? new VisibilityStats(), ledger);

    public static ReloadLedger Ledger(DateTimeOffset now, params double[] hoursAgo)
    {
        var ledger = new ReloadLedger();
        foreach (var hours in hoursAgo)
        {
            ledger.Record(now.AddHours(-hours));
        }

        return ledger;
    }

    /// <summary>A widget shown <paramref name="viewsPerDay"/> times a day, evenly spaced, each time for <paramref name="minutesEach"/>.</summary>
    public static VisibilityStats Seen(double viewsPerDay, double minutesEach, int days, DateTimeOffset until)
    {
        var stats = new VisibilityStats();
        var start = until.AddDays(-days);
        stats.Begin(start);
        var totalViews = (int)Math.Round(viewsPerDay * days);
        var step = TimeSpan.FromDays(days) / Math.Max(1, totalViews);
        for (var i = 0; i < totalViews; i++)
        {
            var at = start + (step * i);
            stats.RecordVisible(at);
            stats.RecordHidden(at.AddMinutes(minutesEach));
        }

        return stats;
    }
}
