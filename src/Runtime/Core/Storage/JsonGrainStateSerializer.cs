using System.Text.Json;

namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Grain state as UTF-8 JSON: readable in the database, tolerant of added fields.</summary>
public sealed class JsonGrainStateSerializer : IGrainStateSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates the serializer with web defaults (camelCase), or the given options.</summary>
    public JsonGrainStateSerializer(JsonSerializerOptions? options = null)
        => _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true };

    /// <inheritdoc />
    public byte[] Serialize<T>(T state) => JsonSerializer.SerializeToUtf8Bytes(state, _options);

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlySpan<byte> payload)
        => JsonSerializer.Deserialize<T>(payload, _options) ?? throw new JsonException($"Stored state of type {typeof(T).Name} is null.");
}
