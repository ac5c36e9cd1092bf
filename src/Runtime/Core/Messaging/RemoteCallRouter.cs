using Microsoft.Extensions.Logging;
using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// Sends calls for shards this silo does not hold to the silo the shard directory names. A "not the owner" answer, or
/// an owner that cannot be reached before the call was sent, refreshes the directory and retries, a bounded number of
/// times; then the call fails with <see cref="ShardUnavailableException"/>.
/// </summary>
internal sealed partial class RemoteCallRouter
{
    /// <summary>Attempts per call: the first send plus retries after a refresh.</summary>
    public const int MaxAttempts = 4;

    private readonly SiloRuntime _runtime;
    private readonly IShardDirectory _directory;
    private readonly SiloConnectionPool _connections;
    private readonly Func<string> _localSiloId;
    private readonly ILogger _logger;

    public RemoteCallRouter(SiloRuntime runtime, IShardDirectory directory, SiloConnectionPool connections, Func<string> localSiloId, ILogger logger)
    {
        _runtime = runtime;
        _directory = directory;
        _connections = connections;
        _localSiloId = localSiloId;
        _logger = logger;
    }

    public Task<TResult> InvokeAsync<TResult>(GrainId target, int shard, GrainRequestBase request)
        => RuntimeInstruments.ActivitySource.HasListeners() ? InvokeTracedAsync<TResult>(target, shard, request) : SendAsync<TResult>(target, shard, request, null);

    private async Task<TResult> InvokeTracedAsync<TResult>(GrainId target, int shard, GrainRequestBase request)
    {
        using var activity = MessagingActivities.StartClient(target, request);
        try
        {
            return await SendAsync<TResult>(target, shard, request, activity?.Id).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            MessagingActivities.Fail(activity, ex);
            throw;
        }
    }

    private async Task<TResult> SendAsync<TResult>(GrainId target, int shard, GrainRequestBase request, string? traceParent)
    {
        if (request.TypeId == 0)
        {
            throw new NotSupportedException($"{request} cannot be sent to another silo: it has no wire codec.");
        }

        var deadline = CallDeadline.For(_runtime.Time, _runtime.ResponseTimeout);
        Exception? last = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (attempt > 0)
            {
                MessagingInstruments.NotOwnerRetries.Add(1);
                await _directory.RefreshAsync(_runtime.StoppingToken).ConfigureAwait(false);
            }

            if (!_directory.TryGetOwner(shard, out var owner, out _))
            {
                last = new ShardUnavailableException(target, shard);
                continue;
            }

            if (string.Equals(owner.SiloId, _localSiloId(), StringComparison.Ordinal))
            {
                if (_runtime.Leases.TryGetEpoch(shard, out _))
                {
                    return await InvokeLocalAsync<TResult>(target, request).ConfigureAwait(false);
                }

                // The directory already names this silo but its lease has not arrived yet (or just left).
                last = new ShardUnavailableException(target, shard);
                continue;
            }

            CallConnection connection;
            try
            {
                connection = await _connections.GetAsync(owner).ConfigureAwait(false);
            }
            catch (SiloUnavailableException ex)
            {
                // The call never left: the directory may name a silo that is gone; refresh and try its successor.
                last = ex;
                continue;
            }

            var call = new PendingCall<TResult>(target, request, deadline, traceParent);
            MessagingInstruments.CallsForwarded.Add(1);
            connection.Send(call);
            try
            {
                return await call.Task.ConfigureAwait(false);
            }
            catch (NotOwnerRejection ex)
            {
                LogNotOwner(owner.ToString(), shard, ex.Epoch);
                last = new ShardUnavailableException(target, shard);
            }
            catch (CallNotSentException ex)
            {
                last = new SiloUnavailableException(ex.Message, ex);
            }
        }

        throw last as SiloUnavailableException ?? (Exception)new ShardUnavailableException(target, shard);
    }

    private Task<TResult> InvokeLocalAsync<TResult>(GrainId target, GrainRequestBase request) => request switch
    {
        GrainRequest<TResult> typed => _runtime.LocalInvoker.InvokeAsync(target, typed),
        GrainRequest untyped => WithoutResult<TResult>(_runtime.LocalInvoker.InvokeAsync(target, untyped)),
        _ => throw new NotSupportedException($"{request} is neither a call with nor without a result."),
    };

    private static async Task<TResult> WithoutResult<TResult>(Task task)
    {
        await task.ConfigureAwait(false);
        return default!;
    }

    [LoggerMessage(720, LogLevel.Debug, "Silo {Silo} does not hold shard {Shard} (it knows epoch {Epoch}); refreshing the shard directory.")]
    private partial void LogNotOwner(string silo, int shard, long epoch);
}
