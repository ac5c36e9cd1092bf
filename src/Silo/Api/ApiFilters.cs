using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Silo.Api;

/// <summary>Endpoint filters of the API: error answers and authentication.</summary>
internal static class ApiFilters
{
    /// <summary>Turns exceptions into <c>{"error": ...}</c> answers; nothing leaves the API as an empty 500.</summary>
    public static TBuilder WithApiErrors<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(static async (context, next) =>
        {
            var http = context.HttpContext;
            try
            {
                return await next(context);
            }
            catch (BadHttpRequestException exception)
            {
                return ApiResults.Error(exception.StatusCode, exception.Message);
            }
            catch (ShardUnavailableException exception)
            {
                http.Response.Headers.RetryAfter = "1";
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, exception.Message);
            }
            catch (SiloUnavailableException exception)
            {
                // The silo holding the grain went away with the call in flight: it may or may not have run.
                http.Response.Headers.RetryAfter = "1";
                return ApiResults.Error(StatusCodes.Status502BadGateway, exception.Message);
            }
            catch (TimeoutException exception)
            {
                return ApiResults.Error(StatusCodes.Status504GatewayTimeout, exception.Message);
            }
            catch (GrainNotHostedException exception)
            {
                return ApiResults.Error(StatusCodes.Status501NotImplemented, exception.Message);
            }
            catch (ArgumentException exception)
            {
                // Grains refuse bad input with ArgumentException; the message names what was wrong.
                return ApiResults.BadRequest(exception.Message);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(ApiLog.Category);
                ApiLog.RequestFailed(logger, exception, http.Request.Method, http.Request.Path);
                return ApiResults.Error(StatusCodes.Status500InternalServerError, $"the request failed ({exception.GetType().Name})");
            }
        });

    /// <summary>Admin routes: no or unknown key 401, an app's key 403.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(static async (context, next) =>
        {
            var caller = await Authenticate(context.HttpContext);
            return caller is null ? ApiResults.Unauthorized()
                : !caller.IsAdmin ? ApiResults.Forbidden()
                : await next(context);
        });

    /// <summary>Routes any valid key may use.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(static async (context, next) =>
            await Authenticate(context.HttpContext) is null ? ApiResults.Unauthorized() : await next(context));

    /// <summary>
    /// Routes under <c>/v1/apps/{app}</c>: the app's own key or the admin key. Another app's key gets 404, as does an
    /// app that does not exist, so a key never learns whether other apps exist.
    /// </summary>
    public static TBuilder RequireAppOrAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(static async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = await Authenticate(http);
            if (caller is null)
            {
                return ApiResults.Unauthorized();
            }

            var app = http.Request.RouteValues["app"] as string ?? string.Empty;
            if (caller.IsAdmin)
            {
                var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
                if (ApiValidation.Id(app, "app") is not null
                    || await grains.Get<IAppGrain>(app, "apps").GetDefinition() is null)
                {
                    return ApiResults.AppNotFound(app);
                }
            }
            else if (!string.Equals(caller.App, app, StringComparison.Ordinal))
            {
                return ApiResults.AppNotFound(app);
            }

            return await next(context);
        });

    private static Task<ApiCaller?> Authenticate(HttpContext http)
        => http.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(http);
}
