namespace Orleans.Widgets.Runtime;

/// <summary>Identifies one grain: its type and its key.</summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    // An id is hashed by every directory, reminder and call lookup it passes through; hashing the key once pays.
    private readonly int _hashCode;

    /// <summary>Creates a grain id.</summary>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public GrainId(GrainType type, string key)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(key);
        Type = type;
        Key = key;
        _hashCode = HashCode.Combine(type, key.GetHashCode(StringComparison.Ordinal));
    }

    /// <summary>The grain's type.</summary>
    public GrainType Type { get; }

    /// <summary>The grain's key.</summary>
    public string Key { get; }

    /// <summary>Whether this is the default (empty) id.</summary>
    public bool IsDefault => Type is null;

    /// <inheritdoc />
    public bool Equals(GrainId other) => ReferenceEquals(Type, other.Type) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _hashCode;

    /// <summary>Equality.</summary>
    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);

    /// <summary>Formats as <c>type/key</c>.</summary>
    public override string ToString() => $"{Type}/{Key}";
}
