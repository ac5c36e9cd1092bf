namespace Orleans.Widgets.Silo.Api;

/// <summary>Who sent a request: the admin, or one app (by its key).</summary>
internal sealed record ApiCaller(bool IsAdmin, string? App)
{
    public static ApiCaller Admin { get; } = new(true, null);

    public static ApiCaller ForApp(string app) => new(false, app);
}
