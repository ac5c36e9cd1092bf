using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>A built-in provider registered under <see cref="Name"/> (what <c>KindSettings.BuiltinProvider</c> names).</summary>
/// <param name="Name">The name kinds refer to, e.g. <c>game</c>.</param>
/// <param name="Factory">Creates the provider from the silo's services (called once).</param>
public sealed record BuiltinTimelineProviderRegistration(string Name, Func<IServiceProvider, ITimelineProvider> Factory);

/// <summary>The silo's in-process timeline providers, by name (ordinal, case-sensitive).</summary>
public sealed class BuiltinTimelineProviders
{
    private readonly FrozenDictionary<string, ITimelineProvider> _providers;

    /// <summary>Creates the registry from providers already built.</summary>
    /// <exception cref="ArgumentException">Two providers share a name, or a name is empty.</exception>
    public BuiltinTimelineProviders(IEnumerable<KeyValuePair<string, ITimelineProvider>> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var byName = new Dictionary<string, ITimelineProvider>(StringComparer.Ordinal);
        foreach (var (name, provider) in providers)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(provider);
            if (!byName.TryAdd(name, provider))
            {
                throw new ArgumentException($"Two built-in timeline providers are named '{name}'.", nameof(providers));
            }
        }

        _providers = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Creates the registry from DI registrations (see <c>AddBuiltinTimelineProvider</c>).</summary>
    public BuiltinTimelineProviders(IEnumerable<BuiltinTimelineProviderRegistration> registrations, IServiceProvider services)
        : this(Build(registrations, services))
    {
    }

    /// <summary>The registered names.</summary>
    public IEnumerable<string> Names => _providers.Keys;

    /// <summary>The provider named <paramref name="name"/>, if any.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out ITimelineProvider? provider) =>
        _providers.TryGetValue(name, out provider);

    private static IEnumerable<KeyValuePair<string, ITimelineProvider>> Build(IEnumerable<BuiltinTimelineProviderRegistration> registrations, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(services);
        return registrations
            .Select(registration => KeyValuePair.Create(registration.Name, registration.Factory(services)))
            .ToList();
    }
}
