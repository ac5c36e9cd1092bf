using System.Text.Json.Serialization;
using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Widgets;

/// <summary>
/// Everything a widget keeps durably: a restart loses no registration, timeline, budget count or scheduled reload.
/// Stored in the compact form of <see cref="WidgetStateJsonConverter"/>.
/// </summary>
[JsonConverter(typeof(WidgetStateJsonConverter))]
public sealed class WidgetState
{
    public WidgetRegistration? Registration { get; set; }

    public Timeline? Timeline { get; set; }

    public LastReload? LastReload { get; set; }

    /// <summary>A reload that is wanted but waits for spacing, budget or a provider retry.</summary>
    public PendingReload? Pending { get; set; }

    /// <summary>The reload sent to the coalescer and not yet answered.</summary>
    public InFlightReload? InFlight { get; set; }

    /// <summary>When the timeline's policy wants the next reload; <see langword="null"/> for <c>never</c>.</summary>
    public DateTimeOffset? NextReloadAt { get; set; }

    public string? LastError { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Numbers reloads so a late answer to an older one is ignored.</summary>
    public long Sequence { get; set; }

    public VisibilityStats Visibility { get; set; } = new();

    public ReloadLedger Ledger { get; set; } = new();

    /// <summary>The latest app-server reload ids accepted, oldest first, so a resumed fan-out is not taken twice.</summary>
    public List<string>? AcceptedAppReloads { get; set; }
}

/// <summary>A reload waiting for the provider's answer.</summary>
public sealed record InFlightReload(long Sequence, ReloadReason Reason, DateTimeOffset StartedAt, bool Counted);
