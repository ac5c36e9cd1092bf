using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Providers;

namespace Orleans.Widgets.Hosting;

/// <summary>Registers timeline providers: the resolver, its HTTP client, and built-in providers by name.</summary>
public static class TimelineProviderServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="ITimelineProviderResolver"/>, the registry of built-in providers and the shared HTTP client
    /// for app servers' endpoints. Safe to call more than once; <paramref name="configure"/> applies each time.
    /// </summary>
    public static IServiceCollection AddTimelineProviders(this IServiceCollection services, Action<HttpTimelineProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<HttpTimelineProviderOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(descriptor => descriptor.ServiceType == typeof(BuiltinTimelineProviders)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(serviceProvider => new BuiltinTimelineProviders(
            serviceProvider.GetServices<BuiltinTimelineProviderRegistration>(), serviceProvider));
        services.TryAddSingleton<ITimelineProviderResolver>(serviceProvider => new TimelineProviderResolver(
            serviceProvider.GetRequiredService<BuiltinTimelineProviders>(),
            serviceProvider.GetRequiredService<IHttpClientFactory>(),
            serviceProvider.GetRequiredService<IOptions<HttpTimelineProviderOptions>>(),
            serviceProvider.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(TimelineProviderResolver.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(serviceProvider =>
                TimelineProviderResolver.CreateHandler(serviceProvider.GetRequiredService<IOptions<HttpTimelineProviderOptions>>().Value))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>Registers <paramref name="provider"/> as the built-in provider named <paramref name="name"/>.</summary>
    public static IServiceCollection AddBuiltinTimelineProvider(this IServiceCollection services, string name, ITimelineProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return services.AddBuiltinTimelineProvider(name, _ => provider);
    }

    /// <summary>Registers the built-in provider named <paramref name="name"/>, created once from the silo's services.</summary>
    public static IServiceCollection AddBuiltinTimelineProvider(this IServiceCollection services, string name, Func<IServiceProvider, ITimelineProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddTimelineProviders();
        services.AddSingleton(new BuiltinTimelineProviderRegistration(name, factory));
        return services;
    }

    /// <summary>Registers <typeparamref name="TProvider"/>, built with its constructor's services, as the built-in provider named <paramref name="name"/>.</summary>
    public static IServiceCollection AddBuiltinTimelineProvider<TProvider>(this IServiceCollection services, string name)
        where TProvider : class, ITimelineProvider =>
        services.AddBuiltinTimelineProvider(name, serviceProvider => ActivatorUtilities.CreateInstance<TProvider>(serviceProvider));
}
