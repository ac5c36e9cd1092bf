using System.Diagnostics;
using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// Runs the calls that arrive on the listener. A call from another silo runs here only if this silo holds the grain's
/// shard (else "not the owner"); a call from a client is routed like any call made in this silo.
/// </summary>
internal sealed class IncomingCallHandler
{
    private readonly SiloRuntime _runtime;
    private readonly IShardDirectory? _directory;

    public IncomingCallHandler(SiloRuntime runtime, IShardDirectory? directory)
    {
        _runtime = runtime;
        _directory = directory;
    }

    public void Dispatch(Connection connection, ConnectionRole role, long callId, GrainId target, GrainRequestBase request, int timeoutMilliseconds, string? traceParent)
    {
        IGrainCallInvoker invoker = _runtime;
        if (role == ConnectionRole.Silo)
        {
            if (!HoldsShard(target, out var shard))
            {
                connection.TrySend(NotOwner(callId, shard));
                return;
            }

            invoker = _runtime.LocalInvoker;
        }

        _ = RunAsync(connection, role, callId, target, request, timeoutMilliseconds, traceParent, invoker);
    }

    private bool HoldsShard(GrainId target, out int shard)
    {
        // The listener opens before the silo has taken leases (its port goes into the membership row).
        if (!_runtime.IsStarted)
        {
            shard = -1;
            return false;
        }

        shard = _runtime.GetShard(target);
        return _runtime.Leases.TryGetEpoch(shard, out _);
    }

    private NotOwnerMessage NotOwner(long callId, int shard)
    {
        var epoch = 0L;
        if (shard >= 0)
        {
            _directory?.TryGetOwner(shard, out _, out epoch);
        }
        return new NotOwnerMessage(callId, shard, epoch);
    }

    private async Task RunAsync(
        Connection connection, ConnectionRole role, long callId, GrainId target, GrainRequestBase request, int timeoutMilliseconds, string? traceParent, IGrainCallInvoker invoker)
    {
        using var activity = MessagingActivities.StartServer(target, request, traceParent);
        CallDeadline.Current = CallDeadline.After(_runtime.Time, TimeSpan.FromMilliseconds(timeoutMilliseconds));
        OutgoingMessage response;
        try
        {
            var result = await request.InvokeUntypedAsync(invoker, target).ConfigureAwait(false);
            response = ResponseMessage.Success(callId, request, result);
        }
        catch (ShardUnavailableException ex) when (role == ConnectionRole.Silo)
        {
            // The lease moved between the check and the activation.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message).SetTag("error.type", "not_owner");
            response = NotOwner(callId, _runtime.GetShard(target));
        }
        catch (Exception ex)
        {
            MessagingActivities.Fail(activity, ex);
            response = ResponseMessage.Failure(callId, ex);
        }

        connection.TrySend(response);
    }
}
