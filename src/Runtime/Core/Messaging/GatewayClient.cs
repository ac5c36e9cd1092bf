using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Widgets.Runtime.Diagnostics;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// Sends grain calls from outside the cluster through one silo at a time (its gateway), which routes them to the grain's
/// silo. When the connection fails the client moves to the next gateway in its list. A call is resent there only if it
/// never left, or its method is marked <see cref="IdempotentAttribute"/>; any other call in flight fails with
/// <see cref="SiloUnavailableException"/>, since it may have run.
/// </summary>
public sealed class GatewayClient : IGrainCallInvoker, IAsyncDisposable
{
    private readonly DnsEndPoint[] _gateways;
    private readonly GatewayClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Handshake _handshake;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private CallConnection? _current;
    private int _index;

    /// <summary>Creates a client for the silos at <paramref name="gateways"/> (tried in order, then round the list).</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public GatewayClient(IEnumerable<DnsEndPoint> gateways, GatewayClientOptions? options = null, TimeProvider? time = null, ILogger<GatewayClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        _gateways = gateways.ToArray();
        if (_gateways.Length == 0)
        {
            throw new ArgumentException("A gateway client needs at least one silo endpoint.", nameof(gateways));
        }

        _options = options ?? new GatewayClientOptions();
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _handshake = new Handshake(WireProtocol.Version, _options.ClientId, ConnectionRole.Client);
    }

    /// <summary>The gateway the client currently sends through, if connected.</summary>
    public DnsEndPoint? CurrentGateway => _current is { IsOpen: true } ? _gateways[Volatile.Read(ref _index)] : null;

    /// <inheritdoc />
    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request) => SendAsync<TResult>(target, request);

    /// <inheritdoc />
    public Task InvokeAsync(GrainId target, GrainRequest request) => SendAsync<object?>(target, request);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        if (_current is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connecting.Dispose();
        _disposed.Dispose();
    }

    private async Task<TResult> SendAsync<TResult>(GrainId target, GrainRequestBase request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = RuntimeInstruments.ActivitySource.HasListeners() ? MessagingActivities.StartClient(target, request) : null;
        var deadline = CallDeadline.After(_time, _options.ResponseTimeout);
        Exception? last = null;
        try
        {
            for (var attempt = 0; attempt <= _gateways.Length; attempt++)
            {
                var connection = await GetConnectionAsync().ConfigureAwait(false);
                var call = new PendingCall<TResult>(target, request, deadline, activity?.Id);
                connection.Send(call);
                try
                {
                    return await call.Task.ConfigureAwait(false);
                }
                catch (CallNotSentException ex)
                {
                    last = ex;
                }
                catch (SiloUnavailableException ex) when (request.IsIdempotent)
                {
                    last = ex;
                }
            }

            throw new SiloUnavailableException($"{request} on {target} could not be delivered through any gateway.", last!);
        }
        catch (Exception ex)
        {
            MessagingActivities.Fail(activity, ex);
            throw;
        }
    }

    private ValueTask<CallConnection> GetConnectionAsync()
    {
        var current = Volatile.Read(ref _current);
        return current is { IsOpen: true } ? ValueTask.FromResult(current) : new ValueTask<CallConnection>(ConnectAsync());
    }

    private async Task<CallConnection> ConnectAsync()
    {
        await _connecting.WaitAsync(_disposed.Token).ConfigureAwait(false);
        try
        {
            if (_current is { IsOpen: true } open)
            {
                return open;
            }

            // After a loss, start with the next gateway: the one that failed is the least likely to answer.
            var start = _current is null ? _index : _index + 1;
            Exception? last = null;
            for (var i = 0; i < _gateways.Length; i++)
            {
                var index = (start + i) % _gateways.Length;
                var gateway = _gateways[index];
                try
                {
                    var connection = await CallConnection.ConnectAsync(
                        gateway.Host, gateway.Port, null, _handshake, _time, _options.ConnectTimeout, _logger, _disposed.Token).ConfigureAwait(false);
                    Volatile.Write(ref _index, index);
                    Volatile.Write(ref _current, connection);
                    return connection;
                }
                catch (SiloUnavailableException ex)
                {
                    last = ex;
                }
            }

            throw new SiloUnavailableException($"None of the {_gateways.Length} gateways accepted a connection.", last!);
        }
        finally
        {
            _connecting.Release();
        }
    }
}
