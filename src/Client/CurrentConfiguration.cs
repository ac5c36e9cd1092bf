namespace Orleans.Widgets.Client;

/// <summary>One widget on a device, as <see cref="WidgetCenterClient.GetCurrentConfigurationsAsync"/> lists it.</summary>
/// <param name="WidgetId">The widget instance's id.</param>
/// <param name="Kind">The widget kind.</param>
/// <param name="Family">The size family, e.g. <c>systemSmall</c>.</param>
/// <param name="Configuration">The user's choices.</param>
public sealed record CurrentConfiguration(string WidgetId, string Kind, string Family, IReadOnlyDictionary<string, string> Configuration);
