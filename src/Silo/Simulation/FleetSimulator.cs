using System.Diagnostics;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Indexing;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Time;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Silo.Simulation;

/// <summary>
/// Runs a fleet through the real runtime and widget grains in process, on a simulated clock and the memory store:
/// registers the widgets, then plays the users' viewing sessions and the app server's reloads step by step.
/// </summary>
internal sealed class FleetSimulator
{
    private const int RegistrationChunk = 2_000;

    private readonly SimulationOptions _options;
    private readonly IProgress<double>? _progress;

    public FleetSimulator(SimulationOptions options, IProgress<double>? progress = null)
    {
        _options = options;
        _progress = progress;
    }

    /// <summary>Settings that keep the runtime's own housekeeping timers few on a clock that moves days at a time.</summary>
    public static Dictionary<string, string?> RuntimeSettings(int shards) => new()
    {
        ["Widgets:Storage:Provider"] = "Memory",
        ["Widgets:Storage:ShardCount"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Widgets:Leases:LeaseDuration"] = "01:00:00",
        ["Widgets:Leases:RenewPeriod"] = "00:20:00",
        ["Widgets:Reminders:Horizon"] = "00:10:00",
        ["Widgets:Reminders:LoadPeriod"] = "00:05:00",
        ["Widgets:Reminders:TickInterval"] = "00:00:01",
        ["Widgets:Grains:CollectionAge"] = "30.00:00:00",
        ["Widgets:Grains:CollectionQuantum"] = "01:00:00",
    };

    /// <summary>Wall-clock time spent creating the app and registering the widgets.</summary>
    public TimeSpan RegistrationTime { get; private set; }

    /// <summary>Wall-clock time spent playing the users' and the app server's events (and settling after them).</summary>
    public TimeSpan PlayTime { get; private set; }

    /// <summary>Wall-clock time spent advancing the clock (timers, reminders and the reloads they start).</summary>
    public TimeSpan AdvanceTime { get; private set; }

    /// <summary>How many times the clock stopped at an instant to let the work of its timers finish.</summary>
    public long Settles { get; private set; }

    public async Task<SimulationResult> RunAsync(CancellationToken cancellationToken)
    {
        var options = _options;
        var start = SimulationOptions.Start;
        var random = new Random(options.Seed);
        var fleet = new Fleet(options, random);
        var time = new SimulatedTimeProvider(start);
        var recorder = new ReloadRecorder(time, start, options.Widgets, options.Days);
        var provider = new SimulationProvider();

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(RuntimeSettings(options.Shards));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(recorder);
        builder.Logging.AddFilter<ReloadRecorder>(ReloadRecorder.Category, LogLevel.Debug);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(time);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddBuiltinTimelineProvider(SimulatedKinds.ProviderName, provider);
        builder.Services.AddWidgetsRuntime(builder.Configuration, b => b.AddWidgetGrains());
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var wall = Stopwatch.StartNew();
        try
        {
            var services = host.Services;
            var clock = new SimulatedClock(time, services.GetRequiredService<ISiloQuiescence>(), services.GetRequiredService<ReloadWorkTracker>());
            var grains = services.GetRequiredService<IGrainFactory>();
            var shards = services.GetRequiredService<IShardLocator>().ShardCount;
            await grains.GetGrain<IAppGrain>(SimulatedKinds.App).Configure(new AppDefinition(SimulatedKinds.All.Select(SimulatedKinds.Settings).ToArray()));
            await RegisterAsync(grains, fleet, cancellationToken);
            await clock.SettleAsync(cancellationToken);
            RegistrationTime = wall.Elapsed;

            var planner = new ViewingPlanner(fleet, random, start);
            var server = new Random(unchecked((options.Seed * 31) + 7));
            var steps = (int)(TimeSpan.FromDays(options.Days) / SimulationOptions.Step);
            for (var step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = time.GetUtcNow();
                var phase = Stopwatch.GetTimestamp();
                var sessions = planner.TakeDue(now, start);
                await PlayAsync(grains, fleet, sessions);
                await AppServerAsync(grains, shards, server, now, start);
                await clock.SettleAsync(cancellationToken);
                PlayTime += Stopwatch.GetElapsedTime(phase);
                phase = Stopwatch.GetTimestamp();
                await time.AdvanceAsync(SimulationOptions.Step, () => { Settles++; return clock.SettleAsync(cancellationToken); }, cancellationToken);
                AdvanceTime += Stopwatch.GetElapsedTime(phase);
                if (step % 12 == 11 || step == steps - 1)
                {
                    _progress?.Report((step + 1) / (double)steps);
                }
            }

            wall.Stop();
            return new SimulationResult(options, fleet, recorder, provider, wall.Elapsed);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task RegisterAsync(IGrainFactory grains, Fleet fleet, CancellationToken cancellationToken)
    {
        for (var first = 0; first < fleet.WidgetCount; first += RegistrationChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var last = Math.Min(fleet.WidgetCount, first + RegistrationChunk);
            var calls = new Task[last - first];
            for (var w = first; w < last; w++)
            {
                var registration = new WidgetRegistration(SimulatedKinds.App, fleet.Kind(w), fleet.Family(w), fleet.DeviceOf(w).Id, fleet.Configuration(w));
                calls[w - first] = Widget(grains, w).Register(registration);
            }

            await Task.WhenAll(calls);
        }
    }

    private static Task PlayAsync(IGrainFactory grains, Fleet fleet, List<PlannedSession> sessions)
    {
        var calls = new Task[sessions.Count];
        for (var i = 0; i < sessions.Count; i++)
        {
            calls[i] = PlayAsync(grains, fleet, sessions[i]);
        }

        return Task.WhenAll(calls);
    }

    /// <summary>One device's session start or end, its calls in the order a phone would make them.</summary>
    private static async Task PlayAsync(IGrainFactory grains, Fleet fleet, PlannedSession session)
    {
        var device = fleet.Devices[session.Device];
        var deviceGrain = grains.GetGrain<Grains.Devices.IDeviceGrain>(WidgetKeys.Device(SimulatedKinds.App, device.Id));
        if (!session.End && session.Foreground)
        {
            await deviceGrain.OnEvent(new DeviceEvent(DeviceEventType.AppForeground));
        }

        if (!session.End && session.LocaleChanged)
        {
            await deviceGrain.OnEvent(new DeviceEvent(DeviceEventType.LocaleChanged));
        }

        for (var w = device.FirstWidget; w < device.FirstWidget + device.WidgetCount; w++)
        {
            if (fleet.Page(w) == 0 || session.SecondPage)
            {
                await Widget(grains, w).SetVisibility(!session.End);
            }
        }

        if (!session.End && session.Interact >= 0)
        {
            await Widget(grains, device.FirstWidget + session.Interact).Interact();
        }

        if (session.End && session.Foreground)
        {
            await deviceGrain.OnEvent(new DeviceEvent(DeviceEventType.AppBackground));
        }
    }

    /// <summary>
    /// The app server: every 30 minutes a goal reloads the scores widgets of one team; every 3 hours an edit reloads
    /// the notes widgets of one list; every day at 09:00 UTC a new notes format reloads the whole notes kind.
    /// </summary>
    private static async Task AppServerAsync(IGrainFactory grains, int shards, Random server, DateTimeOffset now, DateTimeOffset start)
    {
        var minutes = (long)(now - start).TotalMinutes;
        if (minutes % 30 == 0)
        {
            await ReloadAsync(grains, shards, $"g{minutes}", SimulatedKinds.Scores, Match(SimulatedKinds.Scores, server));
        }

        if (minutes % 180 == 90)
        {
            await ReloadAsync(grains, shards, $"e{minutes}", SimulatedKinds.Notes, Match(SimulatedKinds.Notes, server));
        }

        if (minutes % (24 * 60) == 9 * 60)
        {
            await ReloadAsync(grains, shards, $"f{minutes}", SimulatedKinds.Notes, null);
        }
    }

    private static Dictionary<string, string> Match(string kind, Random server)
    {
        var (key, values) = SimulatedKinds.Configuration(kind);
        return new Dictionary<string, string>(StringComparer.Ordinal) { [key] = Fleet.ConfigurationValue(key, server.Next(values)) };
    }

    /// <summary>One app-server reload, its id (goal, edit or format, and the minute) the same in every shard.</summary>
    private static Task ReloadAsync(IGrainFactory grains, int shards, string reloadId, string kind, IReadOnlyDictionary<string, string>? match)
    {
        var calls = new Task<int>[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            calls[shard] = grains.GetGrain<IKindIndexGrain>(WidgetKeys.Partition(shard, SimulatedKinds.App, kind)).Reload(reloadId, match);
        }

        return Task.WhenAll(calls);
    }

    private static IWidgetGrain Widget(IGrainFactory grains, int widget)
        => grains.GetGrain<IWidgetGrain>(WidgetKeys.Widget(SimulatedKinds.App, Fleet.WidgetId(widget)));
}
