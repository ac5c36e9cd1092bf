using System.Text.Json;

namespace Orleans.Widgets.Grains.Widgets;

/// <summary>
/// An instant in compact stored JSON: Unix milliseconds as a number (with a fraction for a sub-millisecond part, so
/// nothing is lost) when the offset is UTC, else the ISO 8601 string, which keeps the offset.
/// </summary>
internal static class JsonInstant
{
    private const decimal TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    public static void Write(Utf8JsonWriter writer, DateTimeOffset value)
    {
        if (value.Offset == TimeSpan.Zero)
        {
            // Whole milliseconds (nearly every stored instant) skip decimal arithmetic; both print the same digits.
            var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            if (ticks % TimeSpan.TicksPerMillisecond == 0)
            {
                writer.WriteNumberValue(ticks / TimeSpan.TicksPerMillisecond);
            }
            else
            {
                writer.WriteNumberValue(ticks / TicksPerMillisecond);
            }
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    public static void Write(Utf8JsonWriter writer, string name, DateTimeOffset value)
    {
        writer.WritePropertyName(name);
        Write(writer, value);
    }

    public static void WriteIfSet(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } set)
        {
            Write(writer, name, set);
        }
    }

    /// <summary>Reads either form (a number of Unix milliseconds or an ISO 8601 string).</summary>
    public static DateTimeOffset Read(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var milliseconds)
            => new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (milliseconds * TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
        JsonValueKind.Number => new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (long)(element.GetDecimal() * TicksPerMillisecond), TimeSpan.Zero),
        JsonValueKind.String => element.GetDateTimeOffset(),
        _ => throw new JsonException($"An instant is a number of Unix milliseconds or an ISO 8601 string, not {element.ValueKind}."),
    };

    public static DateTimeOffset? ReadOptional(JsonElement element)
        => element.ValueKind == JsonValueKind.Null ? null : Read(element);
}
