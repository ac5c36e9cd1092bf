using System.Buffers.Binary;
using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace Orleans.Widgets.Runtime.Serialization;

/// <summary>
/// Reads what a <see cref="WireWriter"/> wrote. Reading past the end or a negative length throws
/// <see cref="WireFormatException"/>, so a truncated or corrupt message never yields a value.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WireReader
{
    private ReadOnlyMemory<byte> _data;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    public WireReader(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>Bytes not read yet.</summary>
    public int Remaining => _data.Length - _position;

    /// <summary>Starts reading <paramref name="data"/> from its beginning.</summary>
    public void Reset(ReadOnlyMemory<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Reads one byte.</summary>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw new WireFormatException($"A boolean byte must be 0 or 1, not {b}."),
    };

    /// <summary>Reads a little-endian 32-bit integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a little-endian 64-bit integer.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads a double.</summary>
    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <summary>Reads a GUID.</summary>
    public Guid ReadGuid() => new(Take(16));

    /// <summary>Reads a string (or null).</summary>
    public string? ReadString()
    {
        var count = ReadInt32();
        if (count == -1)
        {
            return null;
        }

        if (count < 0)
        {
            throw new WireFormatException($"A string cannot have {count} bytes.");
        }

        return Encoding.UTF8.GetString(Take(count));
    }

    /// <summary>Reads a string that must not be null.</summary>
    public string ReadRequiredString() => ReadString() ?? throw new WireFormatException("A required string was null.");

    /// <summary>Reads a byte count and that many bytes, without copying.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var count = ReadInt32();
        if (count < 0)
        {
            throw new WireFormatException($"A byte string cannot have {count} bytes.");
        }

        return Take(count);
    }

    /// <summary>Reads a value written with <see cref="WireWriter.WriteJson{T}"/>.</summary>
    public T ReadJson<T>()
    {
        var bytes = ReadBytes();
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, WireJson.Options)!;
        }
        catch (JsonException ex)
        {
            throw new WireFormatException($"A {typeof(T).Name} value is not valid JSON: {ex.Message}", ex);
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new WireFormatException($"The message ends {count - Remaining} bytes early.");
        }

        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}
