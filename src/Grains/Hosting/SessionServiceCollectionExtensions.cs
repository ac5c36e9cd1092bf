using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Grains.Sessions;

namespace Orleans.Widgets.Hosting;

/// <summary>Registers background sessions: limits, downloader, event dispatcher and in-process session handlers.</summary>
public static class SessionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services of session grains, their options bound from <c>Widgets:Sessions</c> and validated at start,
    /// and the HTTP clients for downloads (address rules at connect, no automatic redirects) and callbacks.
    /// Safe to call more than once; <paramref name="configure"/> applies each time.
    /// </summary>
    public static IServiceCollection AddSessions(this IServiceCollection services, Action<SessionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SessionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(descriptor => descriptor.ServiceType == typeof(SessionWork)))
        {
            return services;
        }

        options.BindConfiguration(SessionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SessionWork>();
        services.AddSingleton(serviceProvider => new SessionAddressPolicy(serviceProvider.GetRequiredService<IOptions<SessionOptions>>().Value));
        services.AddSingleton<SessionDownloader>();
        services.AddSingleton<SessionEventDispatcher>();
        services.AddSingleton(serviceProvider => new SessionEventHandlers(
            serviceProvider.GetServices<SessionEventHandlerRegistration>(), serviceProvider));
        services.AddHttpClient(SessionDownloader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(serviceProvider => SessionDownloader.CreateHandler(serviceProvider.GetRequiredService<SessionAddressPolicy>()))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();

        // Callbacks go to the app server the app's operator configured, like its timeline endpoint: no address rules.
        services.AddHttpClient(SessionEventDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>Registers <paramref name="handler"/> as the in-process session handler named <paramref name="name"/>.</summary>
    public static IServiceCollection AddSessionEventHandler(this IServiceCollection services, string name, ISessionEventHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return services.AddSessionEventHandler(name, _ => handler);
    }

    /// <summary>Registers the in-process session handler named <paramref name="name"/>, created once from the silo's services.</summary>
    public static IServiceCollection AddSessionEventHandler(this IServiceCollection services, string name, Func<IServiceProvider, ISessionEventHandler> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSessions();
        services.AddSingleton(new SessionEventHandlerRegistration(name, factory));
        return services;
    }
}
