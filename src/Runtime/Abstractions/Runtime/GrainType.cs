namespace Orleans.Widgets.Runtime;

/// <summary>The name of a grain class as the runtime knows it (e.g. <c>counter</c> for <c>CounterGrain</c>).</summary>
public sealed class GrainType : IEquatable<GrainType>
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GrainType> Interned = new(StringComparer.Ordinal);

    // Every grain id lookup hashes its type; interned types are few and immutable, so the hash is computed once.
    private readonly int _hashCode;

    private GrainType(string value)
    {
        Value = value;
        _hashCode = value.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>The type name.</summary>
    public string Value { get; }

    /// <summary>Returns the interned instance for <paramref name="value"/>, so grain ids compare types by reference.</summary>
    public static GrainType Create(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        foreach (var c in value)
        {
            if (c is '/' or '\0' || char.IsWhiteSpace(c))
            {
                throw new ArgumentException($"Grain type '{value}' contains a forbidden character.", nameof(value));
            }
        }

        return Interned.GetOrAdd(value, static v => new GrainType(v));
    }

    /// <inheritdoc />
    public bool Equals(GrainType? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc />
    public override int GetHashCode() => _hashCode;

    /// <inheritdoc />
    public override string ToString() => Value;
}
