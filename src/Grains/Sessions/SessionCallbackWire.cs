using System.Text.Json;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// The JSON body of a remote session callback:
/// <c>{"type","app","kind","session","generation","eventId","task":{"id","url","widgets","state","failure","contentType","content"}}</c>
/// (<c>task</c> only in didFinishDownloading; <c>content</c> in base64).
/// </summary>
public static class SessionCallbackWire
{
    /// <summary>The wire name of an event type.</summary>
    public static string TypeName(SessionEventType type) => type switch
    {
        SessionEventType.DidFinishDownloading => "didFinishDownloading",
        SessionEventType.DidFinishEvents => "didFinishEvents",
        _ => "completed",
    };

    /// <summary>The wire name of a task state.</summary>
    public static string StateName(SessionTaskState state) => state switch
    {
        SessionTaskState.Pending => "pending",
        SessionTaskState.Running => "running",
        SessionTaskState.Finished => "finished",
        _ => "failed",
    };

    /// <summary>Writes <paramref name="sessionEvent"/> as UTF-8 JSON.</summary>
    public static byte[] Serialize(SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", TypeName(sessionEvent.Type));
            json.WriteString("app", sessionEvent.App);
            json.WriteString("kind", sessionEvent.Kind);
            json.WriteString("session", sessionEvent.Session);
            json.WriteNumber("generation", sessionEvent.Generation);
            json.WriteString("eventId", sessionEvent.EventId);
            if (sessionEvent.Task is { } task)
            {
                json.WriteStartObject("task");
                json.WriteString("id", task.Id);
                json.WriteString("url", task.Url);
                json.WriteStartArray("widgets");
                foreach (var widget in task.Widgets)
                {
                    json.WriteStringValue(widget);
                }

                json.WriteEndArray();
                json.WriteString("state", StateName(task.State));
                json.WriteString("failure", task.Failure);
                json.WriteString("contentType", task.ContentType);
                if (task.Content is { } content)
                {
                    json.WriteBase64String("content", content);
                }
                else
                {
                    json.WriteNull("content");
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
