using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Benchmarks;

/// <summary>A silo hosted in the benchmark process with the benchmark grains. Logs go to stderr.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    public SiloRuntime Runtime => _host.Services.GetRequiredService<SiloRuntime>();

    public IServiceProvider Services => _host.Services;

    public static Dictionary<string, string?> MemorySettings() => new()
    {
        ["Widgets:Storage:Provider"] = "Memory",
        ["Widgets:Storage:ShardCount"] = "64",
    };

    public static Dictionary<string, string?> PostgresSettings(string connectionString) => new()
    {
        ["Widgets:Storage:Provider"] = "Postgres",
        ["Widgets:Storage:ConnectionString"] = connectionString,
        ["Widgets:Storage:AutoMigrate"] = "true",
        ["Widgets:Storage:ShardCount"] = "64",
    };

    /// <summary>
    /// <see cref="PostgresSettings"/> plus the cluster (default heartbeat and lease settings, TCP on 127.0.0.1 at a
    /// free port), for one of several silos in this process; their ids need distinct <paramref name="name"/>s.
    /// </summary>
    public static Dictionary<string, string?> ClusteredPostgresSettings(string connectionString, string name)
    {
        var settings = PostgresSettings(connectionString);
        settings["Widgets:Cluster:Enabled"] = "true";
        settings["Widgets:Cluster:Host"] = "127.0.0.1";
        settings["Widgets:Cluster:Port"] = "0";
        settings["Widgets:Silo:Name"] = name;
        return settings;
    }

    /// <summary>
    /// Silo settings for an experiment, from environment variables <c>WIDGETS_BENCH_&lt;key&gt;</c> with <c>__</c> for
    /// <c>:</c> (e.g. <c>WIDGETS_BENCH_Widgets__Storage__ConcurrentFlushes=1</c>); they win over the benchmark's own.
    /// </summary>
    private static Dictionary<string, string?> Overrides()
    {
        const string prefix = "WIDGETS_BENCH_";
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                overrides[name[prefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = variable.Value as string;
            }
        }

        if (overrides.Count > 0)
        {
            Report.Log($"settings from the environment: {string.Join(", ", overrides.Select(o => $"{o.Key}={o.Value}"))}");
        }

        return overrides;
    }

    /// <summary>Starts a silo with the benchmark grains, plus whatever <paramref name="configure"/> adds (services, the widget domain).</summary>
    public static async Task<BenchSilo> StartAsync(IDictionary<string, string?> settings, Action<WidgetsRuntimeBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(Overrides());
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        services?.Invoke(builder.Services);
        builder.Services.AddWidgetsRuntime(builder.Configuration, b =>
        {
            b.AddGrainAssembly(typeof(BenchSilo).Assembly);
            configure?.Invoke(b);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
        }
    }
}
