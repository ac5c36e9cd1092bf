using Orleans.Widgets.Grains.Devices;
using Orleans.Widgets.Grains.Indexing;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>A silo on a simulated clock with a <see cref="RecordingProvider"/> behind the kinds the test creates.</summary>
public abstract class DomainTest : IAsyncLifetime
{
    protected const string App = "acme";
    protected const string Kind = "news";
    protected static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    protected DomainSilo Silo { get; private set; } = null!;

    protected RecordingProvider Provider { get; } = new();

    /// <summary>Extra silo settings (e.g. one shard).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        Silo = await DomainSilo.StartAsync(settings: Settings, services: s => s.AddBuiltinTimelineProvider(RecordingProvider.Name, Provider));
        await Silo.CreateAppAsync(App, KindOf(Kind));
    }

    public virtual async Task DisposeAsync() => await Silo.DisposeAsync();

    protected static KindSettings KindOf(string kind, TimeSpan? minInterval = null, bool usesLocation = false) => new()
    {
        Kind = kind,
        BuiltinProvider = RecordingProvider.Name,
        CoalesceWindow = Window,
        MinReloadInterval = minInterval ?? KindSettings.MinimumReloadInterval,
        UsesLocation = usesLocation,
    };

    protected IWidgetGrain Widget(string widgetId, string app = App) => Silo.Widget(app, widgetId);

    protected Task<WidgetStatus> Register(string widgetId, string device = "phone", string kind = Kind, string app = App, IReadOnlyDictionary<string, string>? configuration = null)
        => Widget(widgetId, app).Register(new WidgetRegistration(app, kind, "systemSmall", device, configuration ?? new Dictionary<string, string>()));

    protected async Task<WidgetStatus> Status(string widgetId, string app = App) => (await Widget(widgetId, app).GetStatus())!;

    protected IReadOnlyList<TimelineRequest> Requests(string widgetId, string app = App) => Provider.RequestsFor(app, widgetId);

    protected Task Advance(TimeSpan by) => Silo.AdvanceAsync(by);

    protected Task DeviceEvent(DeviceEventType type, string device = "phone", double? latitude = null, double? longitude = null, string app = App)
        => Silo.Grains.GetGrain<IDeviceGrain>(WidgetKeys.Device(app, device)).OnEvent(new DeviceEvent(type, latitude, longitude));

    /// <summary>An app server's reload of the widgets of <paramref name="kind"/> matching <paramref name="match"/>, through every shard's index.</summary>
    protected async Task<int> ReloadKind(string app, string kind, IReadOnlyDictionary<string, string>? match = null, string? reloadId = null)
    {
        reloadId ??= Guid.NewGuid().ToString("N");
        var shards = (IShardLocator)Silo.Services.GetService(typeof(IShardLocator))!;
        var total = 0;
        for (var shard = 0; shard < shards.ShardCount; shard++)
        {
            total += await Silo.Grains.GetGrain<IKindIndexGrain>(WidgetKeys.Partition(shard, app, kind)).Reload(reloadId, match);
        }

        await Silo.Clock.SettleAsync();
        return total;
    }

    /// <summary>Asks for app reloads every 5 minutes until one is refused by the daily budget (not by spacing or pacing).</summary>
    protected async Task SpendBudget(string widgetId)
    {
        for (var i = 0; i < 400; i++)
        {
            await Widget(widgetId).RequestReload(ReloadReason.AppRequested);
            var pending = (await Status(widgetId)).Pending;
            if (pending is not null && pending.WaitingFor.Contains("daily budget", StringComparison.Ordinal))
            {
                return;
            }

            await Advance(TimeSpan.FromMinutes(5));
        }

        throw new InvalidOperationException("The budget was never spent.");
    }
}
