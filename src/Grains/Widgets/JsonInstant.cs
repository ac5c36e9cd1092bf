using System.Globalization;
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
            else if (ticks > 0)
            {
                WriteFraction(writer, ticks);
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

    // The digits decimal division prints (milliseconds, a point, the sub-millisecond ticks without trailing zeros),
    // without its cost: instants read from a real clock nearly always have a fraction.
    private static void WriteFraction(Utf8JsonWriter writer, long ticks)
    {
        Span<byte> digits = stackalloc byte[32];
        var whole = ticks / TimeSpan.TicksPerMillisecond;
        var fraction = (int)(ticks % TimeSpan.TicksPerMillisecond);
        whole.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        digits[length++] = (byte)'.';
        var places = 4;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            places--;
        }

        for (var i = places - 1; i >= 0; i--)
        {
            digits[length + i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        writer.WriteRawValue(digits[..(length + places)], skipInputValidation: true);
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
