namespace Orleans.Widgets.Grains.Model;

/// <summary>Why a widget is reloaded.</summary>
public enum ReloadReason
{
    /// <summary>The widget was just added: its first timeline.</summary>
    Added,

    /// <summary>The timeline's reload policy fell due.</summary>
    Policy,

    /// <summary>An app server asked (by kind, all kinds, or matching configuration).</summary>
    AppRequested,

    /// <summary>The widget became visible while its content was stale.</summary>
    BecameVisible,

    /// <summary>The device moved significantly and the kind uses location.</summary>
    Location,

    /// <summary>The system locale changed (exempt).</summary>
    LocaleChanged,

    /// <summary>Dynamic Type changed (exempt).</summary>
    DynamicTypeChanged,

    /// <summary>An accessibility setting changed (exempt).</summary>
    AccessibilityChanged,

    /// <summary>The user interacted with the widget (exempt).</summary>
    Interaction,

    /// <summary>A provider failure is being retried.</summary>
    Retry,
}
