using Orleans.Widgets.Silo.Configuration;

namespace Orleans.Widgets.Silo.Api;

/// <summary>Registers and maps the REST API (<c>/v1</c>) and its OpenAPI document (<c>/openapi/v1.json</c>).</summary>
internal static class WidgetsApi
{
    public static IServiceCollection AddWidgetsApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName);
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddHostedService(static sp => sp.GetRequiredService<ApiKeyAuthenticator>());
        services.ConfigureHttpJsonOptions(static json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddOpenApi(static openApi => openApi.AddDocumentTransformer(static (document, _, _) =>
        {
            document.Info.Title = "Orleans.Widgets API";
            document.Info.Description = "Registers apps and widgets and reloads them. Authorization: Bearer <key> (the admin key, or an app's key on its own routes).";
            return Task.CompletedTask;
        }));
        return services;
    }

    public static IEndpointRouteBuilder MapWidgetsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();

        var v1 = endpoints.MapGroup("/v1").WithApiErrors();
        AppsEndpoints.MapAdmin(v1.MapGroup(string.Empty).RequireAdmin().WithTags("Apps"));

        var app = v1.MapGroup("/apps/{app}").RequireAppOrAdmin();
        AppsEndpoints.MapApp(app.MapGroup(string.Empty).WithTags("Apps"));
        WidgetsEndpoints.Map(app.MapGroup(string.Empty).WithTags("Widgets"));
        DevicesEndpoints.Map(app.MapGroup(string.Empty).WithTags("Devices"));
        ReloadsEndpoints.Map(app.MapGroup(string.Empty).WithTags("Reloads"));
        SessionsEndpoints.Map(app.MapGroup(string.Empty).WithTags("Sessions"));
        ClockEndpoints.Map(v1.MapGroup(string.Empty).WithTags("Clock"));
        return endpoints;
    }
}
