using System.Reflection;
using Orleans.Widgets.Silo.Api;
using Orleans.Widgets.Silo.Health;

namespace Orleans.Widgets.Hosting;

/// <summary>
/// Builds a silo: a <see cref="WebApplicationBuilder"/> with the host's settings, telemetry, health endpoints and REST API,
/// plus the grain assemblies and endpoints to add. <see cref="Build"/> adds the runtime and maps the endpoints.
/// </summary>
public sealed class WidgetsSiloBuilder
{
    private readonly List<Action<WidgetsRuntimeBuilder>> _runtime = [];
    private readonly List<Action<IEndpointRouteBuilder>> _endpoints = [];
    private bool _built;

    internal WidgetsSiloBuilder(WebApplicationBuilder application) => Application = application;

    /// <summary>The underlying web application builder.</summary>
    public WebApplicationBuilder Application { get; }

    /// <summary>The silo's services.</summary>
    public IServiceCollection Services => Application.Services;

    /// <summary>The silo's configuration: appsettings.json, environment variables and command-line arguments.</summary>
    public ConfigurationManager Configuration => Application.Configuration;

    /// <summary>The hosting environment.</summary>
    public IWebHostEnvironment Environment => Application.Environment;

    /// <summary>The logging configuration.</summary>
    public ILoggingBuilder Logging => Application.Logging;

    /// <summary>Adds the grain classes of <paramref name="assembly"/> (registered by the code generator) to the silo.</summary>
    public WidgetsSiloBuilder AddGrainAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return ConfigureRuntime(runtime => runtime.AddGrainAssembly(assembly));
    }

    /// <summary>Adds a step to run on the runtime's builder when the silo is built.</summary>
    public WidgetsSiloBuilder ConfigureRuntime(Action<WidgetsRuntimeBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ThrowIfBuilt();
        _runtime.Add(configure);
        return this;
    }

    /// <summary>Adds endpoints to map on the built application, after the health endpoints.</summary>
    public WidgetsSiloBuilder MapEndpoints(Action<IEndpointRouteBuilder> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        ThrowIfBuilt();
        _endpoints.Add(map);
        return this;
    }

    /// <summary>Adds the runtime with the registered grain assemblies and the REST API, builds the application and maps its endpoints.</summary>
    /// <exception cref="InvalidOperationException">The silo was already built, or a setting cannot be read.</exception>
    public WebApplication Build()
    {
        ThrowIfBuilt();
        _built = true;
        Services.AddWidgetsRuntime(Configuration, runtime =>
        {
            foreach (var configure in _runtime)
            {
                configure(runtime);
            }
        });
        Services.AddWidgetsApi();
        Services.AddHostedService<Silo.Hosting.DemoSeeder>();

        var app = Application.Build();
        app.UseWidgetsApiErrorBodies();
        app.MapSiloHealth();
        app.MapWidgetsApi();
        foreach (var map in _endpoints)
        {
            map(app);
        }

        return app;
    }

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("The silo has already been built.");
        }
    }
}
