using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Budget;

/// <summary>The budget's answer to one reload: whether it may start now, whether it counts, and the budget as of now.</summary>
public sealed record BudgetDecision
{
    /// <summary>Whether the reload may start now.</summary>
    public required bool Allowed { get; init; }

    /// <summary>Whether the reload counts against the budget (record it in the ledger once it succeeds).</summary>
    public required bool Counted { get; init; }

    /// <summary>The earliest instant the reload may run: now when allowed, else when budget frees or pacing allows.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>The daily limit of counted reloads for this widget now.</summary>
    public required int Limit { get; init; }

    /// <summary>Counted reloads since <see cref="WindowStart"/>.</summary>
    public required int Used { get; init; }

    /// <summary>Counted reloads in the last 24 h (the rolling count that is enforced); at least <see cref="Used"/>.</summary>
    public required int UsedLast24Hours { get; init; }

    /// <summary>Counted reloads that may still happen now under the rolling limit: <see cref="Limit"/> − <see cref="UsedLast24Hours"/>, at least 0.</summary>
    public required int Remaining { get; init; }

    /// <summary>The start of the current day window (the device's start of day).</summary>
    public required DateTimeOffset WindowStart { get; init; }

    /// <summary>The end of the current day window: <see cref="WindowStart"/> + 24 h.</summary>
    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>What a refused reload waits for, in words; <see langword="null"/> when allowed.</summary>
    public string? WaitingFor { get; init; }

    /// <summary>Why the reload is not counted, or <see langword="null"/> when it is.</summary>
    public string? Exemption { get; init; }

    /// <summary>The budget as the widget's status reports it.</summary>
    public BudgetStatus ToStatus() => new(Limit, Used, Remaining, WindowStart, WindowEnd);

    /// <summary>The pending reload for the status when refused, or <see langword="null"/> when allowed.</summary>
    public PendingReload? ToPending(ReloadReason reason, DateTimeOffset since) =>
        Allowed ? null : new PendingReload(reason, since, NotBefore, WaitingFor ?? "budget");
}
