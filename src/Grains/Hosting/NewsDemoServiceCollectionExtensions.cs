using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Widgets.Grains.Demo;

namespace Orleans.Widgets.Hosting;

/// <summary>Registers the news demo: the <see cref="NewsDesk"/>, its built-in provider and its session handler, both named <c>news</c>.</summary>
public static class NewsDemoServiceCollectionExtensions
{
    /// <summary>Adds the news demo; set <see cref="NewsDesk.ThumbnailUrl"/> to where its thumbnails are downloaded from.</summary>
    public static IServiceCollection AddNewsDemo(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<NewsDesk>();
        services.AddBuiltinTimelineProvider<NewsTimelineProvider>(NewsTimelineProvider.Name);
        return services.AddSessionEventHandler(NewsTimelineProvider.Name, serviceProvider => ActivatorUtilities.CreateInstance<NewsSessionHandler>(serviceProvider));
    }
}
