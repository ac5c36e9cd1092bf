namespace Orleans.Widgets.Silo.Api;

/// <summary>The body of every refused request: <c>{"error": "..."}</c>.</summary>
/// <param name="Error">What was wrong, naming the field.</param>
internal sealed record ApiError(string Error);

/// <summary>Results of the API, serialized with the API's source-generated JSON context.</summary>
internal static class ApiResults
{
    public static IResult Error(int statusCode, string message)
        => Results.Json(new ApiError(message), ApiJsonContext.Default.ApiError, statusCode: statusCode);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    public static IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "a valid API key is required: Authorization: Bearer <key>");

    public static IResult Forbidden() => Error(StatusCodes.Status403Forbidden, "this route needs the admin key");

    public static IResult AppNotFound(string app) => NotFound($"app '{app}' not found");

    public static IResult Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, int statusCode = StatusCodes.Status200OK)
        => Results.Json(value, type, statusCode: statusCode);
}
