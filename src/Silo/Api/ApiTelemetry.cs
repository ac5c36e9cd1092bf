using System.Diagnostics;

namespace Orleans.Widgets.Silo.Api;

/// <summary>The API's spans: one per fleet-wide reload request, which batch spans link to.</summary>
internal static class ApiTelemetry
{
    public const string ActivitySourceName = "Orleans.Widgets.Api";

    public static readonly ActivitySource Source = new(ActivitySourceName);
}
