using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Widgets.Silo.Api;

/// <summary>Reads JSON request bodies so that every malformed one is answered with <c>{"error": ...}</c>.</summary>
internal static class ApiRequestBody
{
    /// <summary>Largest request body the API reads.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>
    /// Reads and deserializes the body. An empty body yields <paramref name="empty"/> when given, else an error; a body
    /// that is too large, not JSON or of the wrong shape yields an error result.
    /// </summary>
    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, Func<T>? empty = null)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return new(null, ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {MaxBytes} bytes"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return new(null, ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {MaxBytes} bytes"));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return empty is null ? new(null, ApiResults.BadRequest("the request body is required (JSON)")) : new(empty(), null);
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null ? new(null, ApiResults.BadRequest("the request body must be a JSON object")) : new(value, null);
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? string.Empty : $" at '{exception.Path[2..]}'";
            return new(null, ApiResults.BadRequest($"malformed JSON{where}: {FirstSentence(exception.Message)}"));
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $.x | LineNumber: ..." which the field name above already says.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>A request body, or the error to answer instead.</summary>
internal readonly record struct BodyResult<T>(T? Value, IResult? Error)
    where T : class;
