using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Widgets;

/// <summary>One widget instance: its timeline, policy, budget and next reload. Key: <see cref="WidgetKeys.Widget"/>.</summary>
public interface IWidgetGrain : IGrainWithStringKey
{
    /// <summary>Creates the widget (its first timeline is requested at once, reason <c>added</c>) or updates it.</summary>
    Task<WidgetStatus> Register(WidgetRegistration registration);

    /// <summary>Removes the widget, its reminders and its index entries. Returns whether it existed.</summary>
    Task<bool> Remove();

    /// <summary>The widget's status, or <see langword="null"/> if it does not exist.</summary>
    Task<WidgetStatus?> GetStatus();

    /// <summary>The widget became visible or hidden on screen.</summary>
    Task SetVisibility(bool visible);

    /// <summary>The user interacted with the widget (exempt reload).</summary>
    Task Interact();

    /// <summary>An app server or the device asks for a reload; it still obeys budget, spacing and exemptions.</summary>
    Task RequestReload(ReloadReason reason);

    /// <summary>
    /// The app server's reload <paramref name="reloadId"/> reaches this widget, as <see cref="RequestReload"/> with
    /// <see cref="ReloadReason.AppRequested"/>. Idempotent: a fan-out resumed after a crash may deliver the same id again,
    /// and the widget, which remembers the ids it accepted, neither reloads nor counts it twice. The widget may take it
    /// without a state write, since its partition stores the request: it then confirms the id through
    /// <see cref="Indexing.IAppReloadReceipts"/> at its next successful state write, and returns <see langword="false"/>.
    /// Returns <see langword="true"/> when the partition need not wait (the id is stored already, or the widget does not exist).
    /// </summary>
    Task<bool> AcceptAppReload(string reloadId);

    /// <summary>Takes a provider's answer (or the batch's failure) for a reload this widget asked for.</summary>
    Task ApplyProviderResult(TimelineBatchOutcome outcome);
}

/// <summary>What the coalescer reports back to one widget after its provider call.</summary>
public sealed record TimelineBatchOutcome(long ReloadSequence, DateTimeOffset At, Timeline? Timeline, string? Error);
