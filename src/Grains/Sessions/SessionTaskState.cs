using System.Text.Json.Serialization;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>Where a session task stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionTaskState>))]
public enum SessionTaskState
{
    /// <summary>Waiting for a download slot, or for its next attempt after a transient failure.</summary>
    Pending,

    /// <summary>A download attempt started (and is in flight, or was cut short by a crash and will be resumed).</summary>
    Running,

    /// <summary>The content was downloaded and stored.</summary>
    Finished,

    /// <summary>Failed for good; <c>Failure</c> says why.</summary>
    Failed,
}
