namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// The stored state of a <see cref="SessionGrain"/>: its kind, generation, tasks and how far event delivery got.
/// Downloaded content is stored apart, one state per task (<see cref="SessionTaskContent"/>), so this row stays small.
/// </summary>
public sealed class SessionState
{
    /// <summary>The kind the session is bound to, or <see langword="null"/> before it is created.</summary>
    public string? Kind { get; set; }

    /// <summary>Starts at 1; a task added after completion starts the next one.</summary>
    public int Generation { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The tasks of the current generation, in the order they were added.</summary>
    public List<SessionTask> Tasks { get; set; } = [];

    /// <summary>The number of the next runtime-assigned task id.</summary>
    public int NextTaskNumber { get; set; } = 1;

    /// <summary>The order number of the next task to end (task events are delivered in the order tasks ended).</summary>
    public int NextEndOrder { get; set; } = 1;

    public bool DidFinishEventsDelivered { get; set; }

    public bool CompletionInvoked { get; set; }

    /// <summary>Failed attempts at delivering the current event; reset when one is delivered.</summary>
    public int EventAttempts { get; set; }

    /// <summary>When the next event may be tried after a failure.</summary>
    public DateTimeOffset? NextEventAttemptAt { get; set; }

    /// <summary>The last delivery or download error, until the session completes.</summary>
    public string? LastError { get; set; }
}

/// <summary>One download of a session and its event's delivery.</summary>
public sealed class SessionTask
{
    public string Id { get; set; } = "";

    public string Url { get; set; } = "";

    public List<string> Widgets { get; set; } = [];

    public Dictionary<string, string>? Headers { get; set; }

    public SessionTaskState State { get; set; }

    /// <summary>Download attempts started.</summary>
    public int Attempts { get; set; }

    public string? Failure { get; set; }

    public long Bytes { get; set; }

    public string? ContentType { get; set; }

    /// <summary>When the next attempt may start after a transient failure.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The order in which the task ended, 0 until it has.</summary>
    public int EndOrder { get; set; }

    public bool EventDelivered { get; set; }

    /// <summary>Whether the task has ended (finished or failed).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Ended => State is SessionTaskState.Finished or SessionTaskState.Failed;
}

/// <summary>A finished task's content, stored in its own state row until the session completes.</summary>
public sealed class SessionTaskContent
{
    public byte[]? Content { get; set; }

    public string? ContentType { get; set; }
}
