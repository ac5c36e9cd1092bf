using System.Text.Json;

namespace Orleans.Widgets.Runtime.Tests.TestGrains;

public enum Shade
{
    Light,
    Dark,
}

public sealed record RemotePayload(string Name, DateTimeOffset At, Shade Shade, int? Count, Dictionary<string, double> Scores, JsonElement Extra);

/// <summary>A grain for calls that cross silos: where it runs, values of every codec, errors, calls that block.</summary>
public interface IRemoteGrain : IGrainWithStringKey
{
    Task<string> WhereAmI();

    [Idempotent]
    Task<string> WhereAmIAgain();

    Task<string?> EchoText(string? text);

    Task<double> Sum(int a, long b, double c, bool negate, Guid id, byte small);

    Task<RemotePayload> Echo(RemotePayload payload);

    Task<IReadOnlyList<int>> Range(int count);

    Task Fail(string kind, string message);

    Task<int> Cancelled();

    Task<int> Block(string gate);

    Task<string> CallOther(string key);

    /// <summary>Calls <see cref="Block"/> on grain <paramref name="key"/> and records how that call ended.</summary>
    Task<int> CallBlocked(string key, string gate);

    Task Touch(CancellationToken cancellationToken);
}
