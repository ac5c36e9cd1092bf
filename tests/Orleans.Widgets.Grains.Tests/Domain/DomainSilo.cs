using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Demo;
using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Time;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>A silo with the widget domain on a simulated clock and the memory store (or the settings given).</summary>
public sealed class DomainSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private DomainSilo(IHost host, SimulatedTimeProvider time)
    {
        _host = host;
        Time = time;
        Clock = new SimulatedClock(time, Services.GetRequiredService<ISiloQuiescence>(), Services.GetRequiredService<ReloadWorkTracker>());
    }

    public SimulatedTimeProvider Time { get; }

    public SimulatedClock Clock { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public GameWorld World => Services.GetRequiredService<GameWorld>();

    public DateTimeOffset Now => Time.GetUtcNow();

    public static async Task<DomainSilo> StartAsync(SimulatedTimeProvider? time = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        time ??= FakeClock.Create();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var values = new Dictionary<string, string?> { ["Widgets:Storage:Provider"] = "Memory", ["Widgets:Storage:ShardCount"] = "4" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddGameDemo();
        services?.Invoke(builder.Services);
        builder.Services.AddWidgetsRuntime(builder.Configuration, b => b.AddWidgetGrains());
        var host = builder.Build();
        await host.StartAsync();
        return new DomainSilo(host, time);
    }

    public Task AdvanceAsync(TimeSpan by) => Clock.AdvanceAsync(by, CancellationToken.None);

    public Task<AppConfigured> CreateAppAsync(string app, params KindSettings[] kinds)
        => Grains.GetGrain<IAppGrain>(app).Configure(new AppDefinition(kinds));

    public IWidgetGrain Widget(string app, string widgetId) => Grains.GetGrain<IWidgetGrain>(WidgetKeys.Widget(app, widgetId));

    /// <summary>Ends the silo as a crash would: its services are torn down without the graceful stop (no lease release, no drain).</summary>
    public ValueTask CrashAsync() => ((IAsyncDisposable)_host).DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
