using System.Text.Json;

namespace Orleans.Widgets.Silo.Api;

/// <summary>Checks of identifiers and configuration maps; each returns the message naming the field, or <see langword="null"/>.</summary>
internal static class ApiValidation
{
    public const int MaxIdLength = 200;
    public const int MaxConfigurationEntries = 64;
    public const int MaxConfigurationValueLength = 1024;

    /// <summary>
    /// An id (app, kind, widget, device, family): non-empty, at most 200 characters, no <c>/</c>, no whitespace or
    /// control characters, and not starting with <c>#</c> (the prefix of explicit-shard grain keys).
    /// </summary>
    public static string? Id(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"{field} is required";
        }

        if (value.Length > MaxIdLength)
        {
            return $"{field} is longer than {MaxIdLength} characters";
        }

        if (value[0] == '#')
        {
            return $"{field} must not start with '#'";
        }

        foreach (var c in value)
        {
            if (c == '/')
            {
                return $"{field} must not contain '/'";
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"{field} must not contain whitespace or control characters";
            }
        }

        return null;
    }

    /// <summary>A configuration map of string values; <see langword="null"/> reads as empty.</summary>
    public static string? Configuration(Dictionary<string, JsonElement>? values, string field, out Dictionary<string, string> configuration)
    {
        configuration = new Dictionary<string, string>(StringComparer.Ordinal);
        if (values is null)
        {
            return null;
        }

        if (values.Count > MaxConfigurationEntries)
        {
            return $"{field} has more than {MaxConfigurationEntries} entries";
        }

        foreach (var (key, value) in values)
        {
            if (string.IsNullOrEmpty(key) || key.Length > MaxIdLength)
            {
                return $"{field} keys must be 1 to {MaxIdLength} characters";
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                return $"{field}.{key} must be a string (was {value.ValueKind.ToString().ToLowerInvariant()})";
            }

            var text = value.GetString()!;
            if (text.Length > MaxConfigurationValueLength)
            {
                return $"{field}.{key} is longer than {MaxConfigurationValueLength} characters";
            }

            configuration[key] = text;
        }

        return null;
    }
}
