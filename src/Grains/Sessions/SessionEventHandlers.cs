using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>An in-process session handler registered under <see cref="Name"/> (what a kind's <c>sessionHandler.builtin</c> names).</summary>
public sealed record SessionEventHandlerRegistration(string Name, Func<IServiceProvider, ISessionEventHandler> Factory);

/// <summary>The silo's in-process session handlers, by name (ordinal, case-sensitive).</summary>
public sealed class SessionEventHandlers
{
    private readonly IServiceProvider _services;
    private readonly FrozenDictionary<string, SessionEventHandlerRegistration> _registrations;
    private readonly Dictionary<string, ISessionEventHandler> _created = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Creates the registry from DI registrations (see <c>AddSessionEventHandler</c>).</summary>
    /// <exception cref="ArgumentException">Two handlers share a name.</exception>
    public SessionEventHandlers(IEnumerable<SessionEventHandlerRegistration> registrations, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        var byName = new Dictionary<string, SessionEventHandlerRegistration>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (!byName.TryAdd(registration.Name, registration))
            {
                throw new ArgumentException($"Two session handlers are named '{registration.Name}'.", nameof(registrations));
            }
        }

        _registrations = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _services = services;
    }

    /// <summary>The registered names.</summary>
    public IEnumerable<string> Names => _registrations.Keys;

    /// <summary>Whether a handler is named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _registrations.ContainsKey(name);

    /// <summary>The handler named <paramref name="name"/>, created on first use.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out ISessionEventHandler? handler)
    {
        handler = null;
        if (!_registrations.TryGetValue(name, out var registration))
        {
            return false;
        }

        lock (_lock)
        {
            if (!_created.TryGetValue(name, out handler))
            {
                handler = registration.Factory(_services);
                _created[name] = handler;
            }
        }

        return true;
    }
}
