using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// Reloads for one session event: each widget accepts the reload under an id derived from the event id, and widgets
/// remember the reload ids they accepted, so an event delivered twice does not reload (or count) twice.
/// </summary>
internal sealed class SessionWidgetCenter(IGrainFactory grains, string app, string eventId) : ISessionWidgetCenter
{
    public Task ReloadTimelinesAsync(IEnumerable<string> widgetIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(widgetIds);
        var reloadId = "session:" + eventId;
        return Task.WhenAll(widgetIds.Distinct(StringComparer.Ordinal)
            .Select(widgetId => grains.GetGrain<IWidgetGrain>(WidgetKeys.Widget(app, widgetId)).AcceptAppReload(reloadId)));
    }
}
