namespace Orleans.Widgets;

/// <summary>Describes one tick of a reminder.</summary>
/// <param name="FirstTickTime">When the reminder was first due (UTC).</param>
/// <param name="Period">The period, or <see cref="TimeSpan.Zero"/> for a one-shot reminder.</param>
/// <param name="CurrentTickTime">When this tick was due (UTC).</param>
/// <param name="Lateness">How long after <paramref name="CurrentTickTime"/> the tick was delivered.</param>
public readonly record struct TickStatus(DateTime FirstTickTime, TimeSpan Period, DateTime CurrentTickTime, TimeSpan Lateness);
