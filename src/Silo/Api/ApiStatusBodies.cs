using Microsoft.AspNetCore.WebUtilities;

namespace Orleans.Widgets.Silo.Api;

/// <summary>
/// Gives every bodiless error answer under <c>/v1</c> (an unknown route, a wrong method, a body that is not JSON) the
/// API's <c>{"error": ...}</c> body.
/// </summary>
internal static class ApiStatusBodies
{
    public static IApplicationBuilder UseWidgetsApiErrorBodies(this IApplicationBuilder app)
        => app.Use(static async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (response.HasStarted || response.StatusCode < 400 || response.ContentLength is not null
                || !string.IsNullOrEmpty(response.ContentType) || !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                return;
            }

            var message = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"no such route: {context.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}",
                StatusCodes.Status415UnsupportedMediaType => "the request body must be JSON (Content-Type: application/json)",
                _ => ReasonPhrases.GetReasonPhrase(response.StatusCode),
            };
            await ApiResults.Error(response.StatusCode, message).ExecuteAsync(context);
        });
}
