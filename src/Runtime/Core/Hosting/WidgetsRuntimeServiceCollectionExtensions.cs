using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Runtime.Catalog;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Messaging;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Hosting;

/// <summary>Registers the runtime in a host.</summary>
public static class WidgetsRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: binds and validates its settings (sections <c>Widgets:Storage</c>, <c>Widgets:Grains</c>,
    /// <c>Widgets:Messaging</c>, <c>Widgets:Reminders</c>, <c>Widgets:Leases</c>, <c>Widgets:Silo</c>, <c>Widgets:Cluster</c>), registers
    /// <see cref="IGrainFactory"/> and <see cref="ISiloStatus"/>, and a hosted service that opens the store, checks
    /// the schema, takes the shard leases and starts reminders; on stop it deactivates grains, flushes writes and
    /// hands the leases back.
    /// </summary>
    public static IServiceCollection AddWidgetsRuntime(this IServiceCollection services, IConfiguration configuration, Action<WidgetsRuntimeBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = new WidgetsRuntimeBuilder(services);
        configure?.Invoke(builder);

        Bind<StorageOptions>(services, configuration, StorageOptions.SectionName);
        Bind<GrainCollectionOptions>(services, configuration, GrainCollectionOptions.SectionName);
        Bind<MessagingOptions>(services, configuration, MessagingOptions.SectionName);
        Bind<ReminderOptions>(services, configuration, ReminderOptions.SectionName);
        Bind<LeaseOptions>(services, configuration, LeaseOptions.SectionName);
        Bind<SiloOptions>(services, configuration, SiloOptions.SectionName);
        Bind<ClusterOptions>(services, configuration, ClusterOptions.SectionName);
        var validator = new RuntimeOptionsValidator();
        services.AddSingleton<IValidateOptions<StorageOptions>>(validator);
        services.AddSingleton<IValidateOptions<GrainCollectionOptions>>(validator);
        services.AddSingleton<IValidateOptions<MessagingOptions>>(validator);
        services.AddSingleton<IValidateOptions<ReminderOptions>>(validator);
        services.AddSingleton<IValidateOptions<LeaseOptions>>(validator);
        services.AddSingleton<IValidateOptions<ClusterOptions>>(validator);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainStateSerializer, JsonGrainStateSerializer>();
        var assemblies = builder.GrainAssemblies.ToArray();
        services.AddSingleton(_ => new GrainTypeManager(assemblies));
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton<SiloRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddSingleton<IShardLocator>(sp => sp.GetRequiredService<SiloRuntime>());
        services.AddSingleton<ISiloQuiescence>(sp => sp.GetRequiredService<SiloRuntime>().Quiescence
            ?? throw new InvalidOperationException("Quiescence is tracked only when the silo's TimeProvider is a SimulatedTimeProvider."));
        services.AddSingleton<LocalSilo>();
        services.AddSingleton<ShardDirectory>();
        // A directory registered before (tests and benchmarks wiring silos by hand) wins over the lease tables' one.
        services.TryAddSingleton<IShardDirectory>(sp => sp.GetRequiredService<ShardDirectory>());
        services.AddSingleton<SiloStatus>();
        services.AddSingleton<ISiloStatus>(sp => sp.GetRequiredService<SiloStatus>());
        services.AddSingleton<ClusterTransport>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ClusterTransport>());
        services.AddSingleton<SiloLifecycle>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SiloLifecycle>());
        return services;
    }

    private static void Bind<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        => services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
}
