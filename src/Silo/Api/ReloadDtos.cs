using System.Text.Json;

namespace Orleans.Widgets.Silo.Api;

/// <summary>
/// <c>POST /v1/apps/{app}/reloads</c>: <c>{}</c> reloads every kind, <c>{"kind"}</c> one kind, and
/// <c>{"kind", "configuration"}</c> the widgets of that kind whose configuration contains every given pair.
/// </summary>
internal sealed class ReloadRequest
{
    public string? Kind { get; set; }

    public Dictionary<string, JsonElement>? Configuration { get; set; }
}

/// <summary>202 answer: the reload's id (also on its trace span) and how many widgets were asked to reload.</summary>
internal sealed record ReloadResponse(Guid ReloadId, int Widgets);
