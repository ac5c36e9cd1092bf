namespace Orleans.Widgets.Client;

/// <summary>A reload the server accepted.</summary>
/// <param name="ReloadId">The reload's id (also on its trace span).</param>
/// <param name="Widgets">How many widgets were asked to reload; each still obeys its budget, spacing and exemptions.</param>
public sealed record ReloadResult(Guid ReloadId, int Widgets);
