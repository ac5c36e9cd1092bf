namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Turns grain state into bytes and back. The default uses System.Text.Json; replace it in DI to change.</summary>
public interface IGrainStateSerializer
{
    /// <summary>Serializes <paramref name="state"/>.</summary>
    byte[] Serialize<T>(T state);

    /// <summary>Deserializes a payload written by <see cref="Serialize{T}"/>.</summary>
    T Deserialize<T>(ReadOnlySpan<byte> payload);
}
