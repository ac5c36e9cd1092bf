using System.Collections.Concurrent;
using System.ComponentModel;

namespace Orleans.Widgets.Runtime.Serialization;

/// <summary>
/// Readers of request classes by their stable type id. Generated module initializers fill it, so a silo turns a
/// request frame into a request object without reflection.
/// </summary>
public static class GrainRequestCodecRegistry
{
    private static readonly ConcurrentDictionary<int, Registration> Readers = new();

    /// <summary>Registers the reader of the request class with <paramref name="typeId"/>. Called by generated code.</summary>
    /// <exception cref="InvalidOperationException">Another method already has this type id.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(int typeId, string method, Func<WireReader, GrainRequestBase> reader)
    {
        var registration = Readers.GetOrAdd(typeId, new Registration(method, reader));

        // An inherited method appears in every derived interface's proxy under the same id: same method, same arguments.
        if (!string.Equals(registration.Method, method, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Grain methods {registration.Method} and {method} have the same request type id {typeId}; rename one.");
        }
    }

    /// <summary>Reads a request of type <paramref name="typeId"/>; false when no such request type is registered.</summary>
    public static bool TryRead(int typeId, WireReader reader, out GrainRequestBase request)
    {
        if (Readers.TryGetValue(typeId, out var registration))
        {
            request = registration.Reader(reader);
            return true;
        }

        request = null!;
        return false;
    }

    private sealed record Registration(string Method, Func<WireReader, GrainRequestBase> Reader);
}
