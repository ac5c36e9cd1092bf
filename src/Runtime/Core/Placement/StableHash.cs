using System.Text;

namespace Orleans.Widgets.Runtime.Placement;

/// <summary>
/// FNV-1a over the UTF-8 bytes of <c>type/key</c>. Stable across processes, versions and languages, which the
/// shard of a stored row depends on; never replace it with <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Compute(GrainId id)
    {
        var hash = OffsetBasis;
        hash = Append(hash, id.Type.Value);
        hash = (hash ^ '/') * Prime;
        return Append(hash, id.Key);
    }

    private static uint Append(uint hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= buffer.Length ? buffer : new byte[max];
        var length = Encoding.UTF8.GetBytes(text, bytes);
        foreach (var b in bytes[..length])
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
