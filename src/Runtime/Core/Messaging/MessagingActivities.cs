using System.Diagnostics;
using Orleans.Widgets.Runtime.Diagnostics;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>Client and server spans of calls that cross processes (RPC conventions; the trace context rides in the request).</summary>
internal static class MessagingActivities
{
    public static Activity? StartClient(GrainId target, GrainRequestBase request)
        => Tag(RuntimeInstruments.ActivitySource.StartActivity(request.ToString(), ActivityKind.Client), target, request);

    public static Activity? StartServer(GrainId target, GrainRequestBase request, string? traceParent)
    {
        if (!RuntimeInstruments.ActivitySource.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(traceParent, null, out var parent);
        return Tag(RuntimeInstruments.ActivitySource.StartActivity(request.ToString(), ActivityKind.Server, parent), target, request);
    }

    public static void Fail(Activity? activity, Exception exception)
        => activity?.SetStatus(ActivityStatusCode.Error, exception.Message).SetTag("error.type", exception.GetType().FullName);

    private static Activity? Tag(Activity? activity, GrainId target, GrainRequestBase request)
        => activity?.SetTag("rpc.system.name", "orleans.widgets")
            .SetTag("rpc.method", request.ToString())
            .SetTag("widgets.grain.type", target.Type.Value);
}
