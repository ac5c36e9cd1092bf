using System.Buffers.Binary;
using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace Orleans.Widgets.Runtime.Serialization;

/// <summary>
/// Appends call arguments and results to a growable buffer in the wire format silos and clients share.
/// Generated request classes call it; one writer serves many messages of one connection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WireWriter
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer with room for <paramref name="capacity"/> bytes.</summary>
    public WireWriter(int capacity = 4096) => _buffer = new byte[Math.Max(capacity, 16)];

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset() => _length = 0;

    /// <summary>Drops what was written after <paramref name="length"/> bytes (a message that failed half-way).</summary>
    public void SetLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    /// <summary>Writes a boolean as one byte.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes a little-endian 32-bit integer.</summary>
    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    /// <summary>Writes a little-endian 64-bit integer.</summary>
    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>Writes a double as its IEEE bits.</summary>
    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>Writes a GUID as 16 bytes.</summary>
    public void WriteGuid(Guid value)
    {
        Ensure(16);
        value.TryWriteBytes(_buffer.AsSpan(_length));
        _length += 16;
    }

    /// <summary>Writes a string as its UTF-8 byte count and bytes; null is written as count -1.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(4 + max);
        var count = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), count);
        _length += 4 + count;
    }

    /// <summary>Writes a byte count and the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Writes a value without a built-in codec as UTF-8 JSON (System.Text.Json, web defaults).</summary>
    public void WriteJson<T>(T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, WireJson.Options);
        WriteBytes(bytes);
    }

    /// <summary>Reserves four bytes for a length written later with <see cref="PatchInt32"/>; returns their offset.</summary>
    public int ReserveInt32()
    {
        Ensure(4);
        var offset = _length;
        _length += 4;
        return offset;
    }

    /// <summary>Overwrites the four bytes at <paramref name="offset"/>.</summary>
    public void PatchInt32(int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset), value);

    private void Ensure(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, _length + count);
        Array.Resize(ref _buffer, size);
    }
}
