namespace Orleans.Widgets.Runtime.Storage.GroupCommit;

/// <summary>
/// The row a write touches: grain type, grain key and state or reminder name, compared ordinally. The queue hashes a
/// key when the write joins a batch and again when its batch is done, so the hash of the three strings is computed once.
/// </summary>
internal readonly struct StorageRowKey : IEquatable<StorageRowKey>
{
    private readonly string _type;
    private readonly string _key;
    private readonly string _name;
    private readonly int _hashCode;

    public StorageRowKey(string type, string key, string name)
    {
        _type = type;
        _key = key;
        _name = name;
        _hashCode = HashCode.Combine(
            type.GetHashCode(StringComparison.Ordinal), key.GetHashCode(StringComparison.Ordinal), name.GetHashCode(StringComparison.Ordinal));
    }

    public bool Equals(StorageRowKey other)
        => _hashCode == other._hashCode
            && string.Equals(_key, other._key, StringComparison.Ordinal)
            && string.Equals(_type, other._type, StringComparison.Ordinal)
            && string.Equals(_name, other._name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is StorageRowKey other && Equals(other);

    public override int GetHashCode() => _hashCode;

    public override string ToString() => $"{_type}/{_key}/{_name}";
}
