namespace Orleans.Widgets.Client;

/// <summary>Things that happen to one widget on screen.</summary>
public enum WidgetEventType
{
    /// <summary>The widget became visible.</summary>
    Visible,

    /// <summary>The widget was hidden.</summary>
    Hidden,

    /// <summary>The user interacted with the widget (a button or toggle); the reload it causes is not counted.</summary>
    Interaction,
}
