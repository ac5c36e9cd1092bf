using System.Text.Json;

namespace Orleans.Widgets.Silo.Api;

/// <summary>
/// <c>POST /v1/apps/{app}/reloads</c>: <c>{}</c> reloads every kind, <c>{"kind"}</c> one kind, and
/// <c>{"kind", "configuration"}</c> the widgets of that kind whose configuration contains every given pair. An optional
/// <c>reloadId</c> (a GUID chosen by the caller) makes the request idempotent: sent again with the same id, it neither
/// reloads nor counts a widget twice, so a caller may resend it after any failure.
/// </summary>
internal sealed class ReloadRequest
{
    public string? Kind { get; set; }

    public string? ReloadId { get; set; }

    public Dictionary<string, JsonElement>? Configuration { get; set; }
}

/// <summary>202 answer: the reload's id (also on its trace span) and how many widgets were asked to reload.</summary>
internal sealed record ReloadResponse(Guid ReloadId, int Widgets);
