namespace Orleans.Widgets.Grains.Model;

/// <summary>One widget a user placed on one device.</summary>
/// <param name="App">The owning app.</param>
/// <param name="Kind">The widget kind, e.g. <c>com.mygame.character-detail</c>.</param>
/// <param name="Family">The size family, e.g. <c>systemSmall</c>.</param>
/// <param name="Device">The device id.</param>
/// <param name="Configuration">The user's choices, e.g. <c>character = panda</c>.</param>
public sealed record WidgetRegistration(string App, string Kind, string Family, string Device, IReadOnlyDictionary<string, string> Configuration);
