using Orleans.Widgets.Grains.Sessions;

namespace Orleans.Widgets.Silo.Api;

/// <summary><c>/v1/apps/{app}/sessions/{identifier}</c>: background sessions, their tasks and status.</summary>
internal static class SessionsEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        var sessions = app.MapGroup("/sessions/{identifier}");
        sessions.MapPut(string.Empty, PutSession)
            .WithName("PutSession")
            .WithSummary("Attaches to the session with this identifier (200) or creates it for the kind (201). Answers its status.")
            .Accepts<SessionRequest>("application/json")
            .Produces<SessionStatusResponse>(StatusCodes.Status201Created)
            .Produces<SessionStatusResponse>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status409Conflict);
        sessions.MapPost("/tasks", PostTask)
            .WithName("PostSessionTask")
            .WithSummary("Adds a download to the session (202, at once; it runs in the background). A task id already in the session adds nothing.")
            .Accepts<SessionTaskRequestBody>("application/json")
            .Produces<SessionTaskAddedResponse>(StatusCodes.Status202Accepted)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        sessions.MapGet(string.Empty, GetSession)
            .WithName("GetSession")
            .WithSummary("The session's status: generation, tasks, events delivered, completion, last error.")
            .Produces<SessionStatusResponse>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PutSession(string app, string identifier, HttpRequest request, IGrainFactory grains)
    {
        if (SessionKeys.Validate(identifier, "identifier") is { } invalidIdentifier)
        {
            return ApiResults.BadRequest(invalidIdentifier);
        }

        var body = await ApiRequestBody.ReadAsync(request, ApiJsonContext.Default.SessionRequest);
        if (body.Error is { } error)
        {
            return error;
        }

        if (ApiValidation.Id(body.Value!.Kind, "kind") is { } invalidKind)
        {
            return ApiResults.BadRequest(invalidKind);
        }

        var result = await Session(grains, app, identifier).Attach(body.Value.Kind!);
        return result.Outcome switch
        {
            SessionAttachOutcome.Created => Status(result.Status!, StatusCodes.Status201Created),
            SessionAttachOutcome.Attached => Status(result.Status!, StatusCodes.Status200OK),
            SessionAttachOutcome.KindConflict => ApiResults.Error(StatusCodes.Status409Conflict, result.Error!),
            _ => ApiResults.BadRequest(result.Error!),
        };
    }

    private static async Task<IResult> PostTask(string app, string identifier, HttpRequest request, IGrainFactory grains)
    {
        if (SessionKeys.Validate(identifier, "identifier") is { } invalidIdentifier)
        {
            return ApiResults.NotFound($"session '{identifier}' not found");
        }

        var body = await ApiRequestBody.ReadAsync(request, ApiJsonContext.Default.SessionTaskRequestBody);
        if (body.Error is { } error)
        {
            return error;
        }

        var task = body.Value!;
        if (task.Widgets is null)
        {
            return ApiResults.BadRequest("widgets is required (the widget ids the download is for)");
        }

        for (var i = 0; i < task.Widgets.Count; i++)
        {
            if (ApiValidation.Id(task.Widgets[i], $"widgets[{i}]") is { } invalidWidget)
            {
                return ApiResults.BadRequest(invalidWidget);
            }
        }

        if (task.Headers?.FirstOrDefault(h => h.Value is null) is { Key: { } nullHeader })
        {
            return ApiResults.BadRequest($"headers.{nullHeader} must be a string");
        }

        if (string.IsNullOrEmpty(task.Url))
        {
            return ApiResults.BadRequest("url is required");
        }

        var headers = task.Headers?.ToDictionary(h => h.Key, h => h.Value!, StringComparer.OrdinalIgnoreCase);
        var result = await Session(grains, app, identifier).AddTask(new SessionTaskRequest(task.Id, task.Url, [.. task.Widgets!], headers));
        return result.Outcome switch
        {
            SessionAddOutcome.Added or SessionAddOutcome.AlreadyAdded => ApiResults.Json(
                new SessionTaskAddedResponse(result.TaskId!), ApiJsonContext.Default.SessionTaskAddedResponse, StatusCodes.Status202Accepted),
            SessionAddOutcome.NotFound => ApiResults.NotFound($"session '{identifier}' not found"),
            _ => ApiResults.BadRequest(result.Error!),
        };
    }

    private static async Task<IResult> GetSession(string app, string identifier, IGrainFactory grains)
    {
        if (SessionKeys.Validate(identifier, "identifier") is not null
            || await Session(grains, app, identifier).GetStatus() is not { } status)
        {
            return ApiResults.NotFound($"session '{identifier}' not found");
        }

        return Status(status, StatusCodes.Status200OK);
    }

    private static ISessionGrain Session(IGrainFactory grains, string app, string identifier)
        => grains.Get<ISessionGrain>(SessionKeys.Session(app, identifier), "sessions");

    private static IResult Status(SessionStatus status, int statusCode) => ApiResults.Json(
        new SessionStatusResponse(
            status.Identifier,
            status.Kind,
            status.Generation,
            status.State,
            [.. status.Tasks.Select(t => new SessionTaskResponse(
                t.Id, t.Url, t.Widgets, SessionCallbackWire.StateName(t.State), t.Attempts, t.Failure, t.Bytes, t.EventDelivered))],
            status.EventsDelivered,
            status.DidFinishEventsDelivered,
            status.Completion,
            status.LastError),
        ApiJsonContext.Default.SessionStatusResponse,
        statusCode);
}
