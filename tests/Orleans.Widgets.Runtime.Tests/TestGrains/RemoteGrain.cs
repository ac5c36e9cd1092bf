using System.Collections.Concurrent;
using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Runtime.Tests.TestGrains;

public sealed class RemoteGrain : Grain, IRemoteGrain
{
    /// <summary>Gates <see cref="Block"/> waits on; tests open them.</summary>
    public static readonly ConcurrentDictionary<string, TaskCompletionSource<int>> Gates = new();

    /// <summary>Calls that entered <see cref="Block"/>, by gate.</summary>
    public static readonly ConcurrentDictionary<string, int> Entered = new();

    /// <summary>How each <see cref="CallBlocked"/> call's inner call ended, by gate.</summary>
    public static readonly ConcurrentDictionary<string, string> Outcomes = new();

    private readonly ISiloStatus _status;

    public RemoteGrain(ISiloStatus status) => _status = status;

    public Task<string> WhereAmI() => Task.FromResult(_status.SiloId);

    public Task<string> WhereAmIAgain() => Task.FromResult(_status.SiloId);

    public Task<string?> EchoText(string? text) => Task.FromResult(text);

    public Task<double> Sum(int a, long b, double c, bool negate, Guid id, byte small)
        => Task.FromResult((negate ? -1 : 1) * (a + b + c + small + (id == Guid.Empty ? 0 : 1000)));

    public Task<RemotePayload> Echo(RemotePayload payload) => Task.FromResult(payload);

    public Task<IReadOnlyList<int>> Range(int count) => Task.FromResult<IReadOnlyList<int>>(Enumerable.Range(0, count).ToArray());

    public Task Fail(string kind, string message) => kind switch
    {
        "argument" => throw new ArgumentException(message),
        "key" => throw new KeyNotFoundException(message),
        "invalid" => throw new InvalidOperationException(message),
        "timeout" => throw new TimeoutException(message),
        _ => throw new FormatException(message),
    };

    public Task<int> Cancelled() => throw new OperationCanceledException("cancelled on purpose");

    public async Task<int> Block(string gate)
    {
        Entered.AddOrUpdate(gate, 1, static (_, n) => n + 1);
        return await Gates.GetOrAdd(gate, static _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    public Task<string> CallOther(string key) => GrainFactory.GetGrain<IRemoteGrain>(key).WhereAmI();

    public async Task<int> CallBlocked(string key, string gate)
    {
        try
        {
            var result = await GrainFactory.GetGrain<IRemoteGrain>(key).Block(gate);
            Outcomes[gate] = "result";
            return result;
        }
        catch (Exception ex)
        {
            Outcomes[gate] = ex.GetType().Name;
            throw;
        }
    }

    public Task Touch(CancellationToken cancellationToken) => Task.CompletedTask;
}
