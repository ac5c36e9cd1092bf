using System.Text.Json;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Devices;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;

namespace Orleans.Widgets.Silo.Api;

/// <summary><c>/v1/apps/{app}/widgets/{widgetId}</c>: registering, reading and removing widgets, and their events.</summary>
internal static class WidgetsEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        var widgets = app.MapGroup("/widgets/{widgetId}");
        widgets.MapPut(string.Empty, PutWidget)
            .WithName("PutWidget")
            .WithSummary("Registers a widget (201; its first timeline is requested at once) or updates it (200). Answers its status.")
            .Accepts<WidgetRequest>("application/json")
            .Produces<WidgetStatusResponse>(StatusCodes.Status201Created)
            .Produces<WidgetStatusResponse>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        widgets.MapGet(string.Empty, GetWidget)
            .WithName("GetWidget")
            .WithSummary("The widget's status: timeline, current entry, budget, next and last reload, pending reload, last error.")
            .Produces<WidgetStatusResponse>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        widgets.MapDelete(string.Empty, DeleteWidget)
            .WithName("DeleteWidget")
            .WithSummary("Removes the widget (204), or 404 if there is none.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        widgets.MapPost("/events", PostWidgetEvent)
            .WithName("PostWidgetEvent")
            .WithSummary("The widget became visible or hidden, or the user interacted with it (202).")
            .Accepts<WidgetEventRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> PutWidget(string app, string widgetId, HttpRequest request, IGrainFactory grains)
    {
        if (ApiValidation.Id(widgetId, "widgetId") is { } invalidId)
        {
            return ApiResults.BadRequest(invalidId);
        }

        var body = await ApiRequestBody.ReadAsync(request, ApiJsonContext.Default.WidgetRequest);
        if (body.Error is { } error)
        {
            return error;
        }

        var widget = body.Value!;
        if ((ApiValidation.Id(widget.Kind, "kind") ?? ApiValidation.Id(widget.Family, "family") ?? ApiValidation.Id(widget.Device, "device")) is { } invalid)
        {
            return ApiResults.BadRequest(invalid);
        }

        if (ApiValidation.Configuration(widget.Configuration, "configuration", out var configuration) is { } invalidConfiguration)
        {
            return ApiResults.BadRequest(invalidConfiguration);
        }

        var definition = await grains.Get<IAppGrain>(app, "apps").GetDefinition();
        if (definition is null)
        {
            return ApiResults.AppNotFound(app);
        }

        if (definition.FindKind(widget.Kind!) is null)
        {
            return ApiResults.BadRequest($"unknown kind '{widget.Kind}'");
        }

        var grain = grains.Get<IWidgetGrain>(WidgetKeys.Widget(app, widgetId), "widgets");
        var before = await grain.GetStatus();
        var status = await grain.Register(new WidgetRegistration(app, widget.Kind!, widget.Family!, widget.Device!, configuration));
        if (before is not null && !string.Equals(before.Device, widget.Device, StringComparison.Ordinal))
        {
            await grains.Get<IDeviceGrain>(WidgetKeys.Device(app, before.Device), "devices").RemoveWidget(widgetId);
        }

        await grains.Get<IDeviceGrain>(WidgetKeys.Device(app, widget.Device!), "devices")
            .AddWidget(new WidgetConfiguration(widgetId, widget.Kind!, widget.Family!, configuration));

        if (before is null)
        {
            request.HttpContext.Response.Headers.Location = $"/v1/apps/{Uri.EscapeDataString(app)}/widgets/{Uri.EscapeDataString(widgetId)}";
            return ApiResults.Json(ToResponse(widgetId, status), ApiJsonContext.Default.WidgetStatusResponse, StatusCodes.Status201Created);
        }

        return ApiResults.Json(ToResponse(widgetId, status), ApiJsonContext.Default.WidgetStatusResponse);
    }

    private static async Task<IResult> GetWidget(string app, string widgetId, IGrainFactory grains)
    {
        if (ApiValidation.Id(widgetId, "widgetId") is not null)
        {
            return WidgetNotFound(widgetId);
        }

        var status = await grains.Get<IWidgetGrain>(WidgetKeys.Widget(app, widgetId), "widgets").GetStatus();
        return status is null ? WidgetNotFound(widgetId) : ApiResults.Json(ToResponse(widgetId, status), ApiJsonContext.Default.WidgetStatusResponse);
    }

    private static async Task<IResult> DeleteWidget(string app, string widgetId, IGrainFactory grains)
    {
        if (ApiValidation.Id(widgetId, "widgetId") is not null)
        {
            return WidgetNotFound(widgetId);
        }

        var grain = grains.Get<IWidgetGrain>(WidgetKeys.Widget(app, widgetId), "widgets");
        var status = await grain.GetStatus();
        if (status is null || !await grain.Remove())
        {
            return WidgetNotFound(widgetId);
        }

        await grains.Get<IDeviceGrain>(WidgetKeys.Device(app, status.Device), "devices").RemoveWidget(widgetId);
        return Results.NoContent();
    }

    private static async Task<IResult> PostWidgetEvent(string app, string widgetId, HttpRequest request, IGrainFactory grains)
    {
        if (ApiValidation.Id(widgetId, "widgetId") is { } invalidId)
        {
            return ApiResults.BadRequest(invalidId);
        }

        var body = await ApiRequestBody.ReadAsync(request, ApiJsonContext.Default.WidgetEventRequest);
        if (body.Error is { } error)
        {
            return error;
        }

        var type = body.Value!.Type;
        if (type is not ("visible" or "hidden" or "interaction"))
        {
            return ApiResults.BadRequest(type is null ? "type is required (visible, hidden or interaction)" : $"type '{type}' is not one of visible, hidden, interaction");
        }

        var grain = grains.Get<IWidgetGrain>(WidgetKeys.Widget(app, widgetId), "widgets");
        if (await grain.GetStatus() is null)
        {
            return WidgetNotFound(widgetId);
        }

        await (type == "interaction" ? grain.Interact() : grain.SetVisibility(type == "visible"));
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static IResult WidgetNotFound(string widgetId) => ApiResults.NotFound($"widget '{widgetId}' not found");

    internal static WidgetStatusResponse ToResponse(string widgetId, WidgetStatus status) => new(
        widgetId,
        status.Kind,
        status.Family,
        status.Device,
        status.Configuration,
        status.Timeline is { } timeline
            ? new TimelineResponse(timeline.Entries.Select(ToResponse).ToList(), new PolicyResponse(Name(timeline.Policy.Type), timeline.Policy.Date))
            : null,
        status.CurrentEntry is { } current ? ToResponse(current) : null,
        new BudgetResponse(status.Budget.Limit, status.Budget.Used, status.Budget.Remaining, status.Budget.WindowStart, status.Budget.WindowEnd),
        status.NextReloadAt,
        status.LastReload is { } last ? new LastReloadResponse(last.At, Name(last.Reason), last.Counted) : null,
        status.Pending is { } pending ? new PendingResponse(Name(pending.Reason), pending.Since, pending.NotBefore, pending.WaitingFor) : null,
        status.LastError);

    private static TimelineEntryResponse ToResponse(TimelineEntry entry) => new(entry.Date, entry.Content, entry.Relevance);

    /// <summary>An enum value as the API spells it: camelCase (<c>appRequested</c>, <c>atEnd</c>).</summary>
    internal static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
