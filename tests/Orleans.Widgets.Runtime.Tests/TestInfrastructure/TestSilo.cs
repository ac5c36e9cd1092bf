using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Runtime.Tests.TestInfrastructure;

/// <summary>A silo in this process, on the memory store (or the one configured), with the test grains.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host, TimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public TimeProvider Time { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    internal SiloRuntime Runtime => Services.GetRequiredService<SiloRuntime>();

    public ActivationProbe Probe => Services.GetRequiredService<ActivationProbe>();

    public static async Task<TestSilo> StartAsync(TimeProvider? time = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        time ??= TimeProvider.System;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var values = new Dictionary<string, string?>
        {
            ["Widgets:Storage:Provider"] = "Memory",
            ["Widgets:Storage:ShardCount"] = "8",
            ["Widgets:Messaging:ResponseTimeout"] = "00:00:30",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                values[key] = value;
            }
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(time);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<ActivationProbe>();
        services?.Invoke(builder.Services);
        builder.Services.AddWidgetsRuntime(builder.Configuration, b => b.AddGrainAssembly(typeof(TestSilo).Assembly));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host, time);
    }

    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }

        _host.Dispose();
    }
}
