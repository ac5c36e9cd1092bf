using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Widgets.Grains.Demo;

namespace Orleans.Widgets.Hosting;

/// <summary>Registers the game demo: the <see cref="GameWorld"/> and its built-in provider <c>game</c>.</summary>
public static class GameDemoServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="GameWorld"/> (seeded by <paramref name="seed"/>, by default with <c>panda</c> at 25 %) and
    /// the <see cref="GameTimelineProvider"/> under the name <c>game</c>.
    /// </summary>
    public static IServiceCollection AddGameDemo(this IServiceCollection services, Action<GameWorld>? seed = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(serviceProvider =>
        {
            var world = new GameWorld(serviceProvider.GetRequiredService<TimeProvider>());
            (seed ?? (w => w.SetHealth("panda", 25)))(world);
            return world;
        });
        return services.AddBuiltinTimelineProvider<GameTimelineProvider>(GameTimelineProvider.Name);
    }
}
