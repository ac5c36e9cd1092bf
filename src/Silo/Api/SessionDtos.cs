namespace Orleans.Widgets.Silo.Api;

/// <summary><c>PUT /v1/apps/{app}/sessions/{identifier}</c>: the kind the session belongs to.</summary>
internal sealed class SessionRequest
{
    public string? Kind { get; set; }
}

/// <summary><c>POST /v1/apps/{app}/sessions/{identifier}/tasks</c>: a download.</summary>
internal sealed class SessionTaskRequestBody
{
    /// <summary>Chosen by the client so a retried request adds nothing twice; assigned by the runtime when left out.</summary>
    public string? Id { get; set; }

    public string? Url { get; set; }

    public List<string?>? Widgets { get; set; }

    public Dictionary<string, string?>? Headers { get; set; }
}

/// <summary>202 answer to adding a task.</summary>
internal sealed record SessionTaskAddedResponse(string TaskId);

/// <summary>A session's status.</summary>
internal sealed record SessionStatusResponse(
    string Identifier,
    string Kind,
    int Generation,
    string State,
    IReadOnlyList<SessionTaskResponse> Tasks,
    int EventsDelivered,
    bool DidFinishEventsDelivered,
    string Completion,
    string? LastError);

/// <summary>One task of a session.</summary>
internal sealed record SessionTaskResponse(
    string Id,
    string Url,
    IReadOnlyList<string> Widgets,
    string State,
    int Attempts,
    string? Failure,
    long Bytes,
    bool EventDelivered);
