using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Devices;

/// <summary>
/// One device of one app. Locale, Dynamic Type and accessibility changes reload every widget on it (the runtime's
/// own reloads, exempt from the budget); a significant move reloads the widgets of kinds that use location. The
/// fan-out runs after the turn, because the widgets call this grain too.
/// </summary>
public sealed class DeviceGrain : Grain, IDeviceGrain
{
    /// <summary>A move at least this far counts as a significant location change.</summary>
    public const double SignificantMoveMeters = 1_000;

    private readonly IPersistentState<DeviceState> _state;
    private readonly TimeProvider _time;
    private readonly ReloadWorkTracker _tracker;
    private volatile DeviceContext? _context;

    public DeviceGrain([PersistentState("device")] IPersistentState<DeviceState> state, TimeProvider time, ReloadWorkTracker tracker)
    {
        _state = state;
        _time = time;
        _tracker = tracker;
        var key = GetPrimaryKeyString();
        App = key[..key.IndexOf('/', StringComparison.Ordinal)];
    }

    private DeviceState State => _state.State;

    private string App { get; }

    public async Task AddWidget(WidgetConfiguration widget)
    {
        ArgumentNullException.ThrowIfNull(widget);
        State.Widgets[widget.WidgetId] = widget;
        ObserveFirstContact();
        await WriteAsync();
    }

    public async Task RemoveWidget(string widgetId)
    {
        if (State.Widgets.Remove(widgetId))
        {
            await WriteAsync();
        }
    }

    public Task<IReadOnlyList<WidgetConfiguration>> GetConfigurations()
        => Task.FromResult<IReadOnlyList<WidgetConfiguration>>(State.Widgets.Values.OrderBy(w => w.WidgetId, StringComparer.Ordinal).ToList());

    public Task<DeviceContext> GetContext() => Task.FromResult(_context ??= Snapshot());

    public async Task OnEvent(DeviceEvent deviceEvent)
    {
        ArgumentNullException.ThrowIfNull(deviceEvent);
        var now = _time.GetUtcNow();
        State.Day.Observe(now);
        ReloadReason? reloadAll = null;
        var moved = false;
        switch (deviceEvent.Type)
        {
            case DeviceEventType.AppForeground: State.AppForeground = true; break;
            case DeviceEventType.AppBackground: State.AppForeground = false; break;
            case DeviceEventType.AudioStarted: State.AudioActive = true; break;
            case DeviceEventType.AudioEnded: State.AudioActive = false; break;
            case DeviceEventType.NavigationStarted: State.NavigationActive = true; break;
            case DeviceEventType.NavigationEnded: State.NavigationActive = false; break;
            case DeviceEventType.LocaleChanged: reloadAll = ReloadReason.LocaleChanged; break;
            case DeviceEventType.DynamicTypeChanged: reloadAll = ReloadReason.DynamicTypeChanged; break;
            case DeviceEventType.AccessibilityChanged: reloadAll = ReloadReason.AccessibilityChanged; break;
            case DeviceEventType.Location:
                moved = MoveTo(
                    deviceEvent.Latitude ?? throw new ArgumentException("A location event needs a latitude.", nameof(deviceEvent)),
                    deviceEvent.Longitude ?? throw new ArgumentException("A location event needs a longitude.", nameof(deviceEvent)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(deviceEvent), deviceEvent.Type, "Unknown device event.");
        }

        await WriteAsync();
        if (reloadAll is { } reason)
        {
            FanOut(State.Widgets.Values, reason);
        }
        else if (moved)
        {
            var definition = await GrainFactory.GetGrain<IAppGrain>(App).GetDefinition();
            var locationKinds = definition?.Kinds.Where(k => k.UsesLocation).Select(k => k.Kind).ToHashSet(StringComparer.Ordinal) ?? [];
            FanOut(State.Widgets.Values.Where(w => locationKinds.Contains(w.Kind)), ReloadReason.Location);
        }
    }

    private void FanOut(IEnumerable<WidgetConfiguration> widgets, ReloadReason reason)
    {
        foreach (var widget in widgets.ToList())
        {
            _tracker.Track(GrainFactory.GetGrain<IWidgetGrain>(WidgetKeys.Widget(App, widget.WidgetId)).RequestReload(reason), $"{reason} reload");
        }
    }

    private bool MoveTo(double latitude, double longitude)
    {
        if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), $"({latitude}, {longitude}) is not a location.");
        }

        var significant = State.Latitude is not { } lat || State.Longitude is not { } lon
            || DistanceMeters(lat, lon, latitude, longitude) >= SignificantMoveMeters;
        if (significant)
        {
            State.Latitude = latitude;
            State.Longitude = longitude;
        }

        return significant && State.Widgets.Count > 0;
    }

    private void ObserveFirstContact()
    {
        if (State.Day.FirstSeen == default)
        {
            State.Day.Observe(_time.GetUtcNow());
        }
    }

    private async Task WriteAsync()
    {
        await _state.WriteStateAsync();
        _context = Snapshot();
    }

    private DeviceContext Snapshot()
        => new(State.AppForeground, State.AudioActive, State.NavigationActive, State.Day.FirstSeen == default ? _time.GetUtcNow() : State.Day.FirstSeen, State.Day.StartOfDay);

    /// <summary>Great-circle distance (haversine).</summary>
    private static double DistanceMeters(double lat1, double lon1, double lat2, double lon2)
    {
        const double EarthRadius = 6_371_000;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
