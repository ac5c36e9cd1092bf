using System.Text.Json;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;

namespace Orleans.Widgets.Silo.Simulation;

/// <summary>
/// The simulated app server's timeline provider, in process: it answers every batch at once with timelines that
/// depend only on the kind, the configuration and the simulated time, and counts the calls it gets per kind.
/// </summary>
internal sealed class SimulationProvider : ITimelineProvider
{
    private static readonly JsonElement Content = JsonSerializer.SerializeToElement(1);
    private readonly long[] _calls = new long[SimulatedKinds.All.Length];
    private readonly long[] _requests = new long[SimulatedKinds.All.Length];

    public long Calls(int kind) => Interlocked.Read(ref _calls[kind]);

    public long Requests(int kind) => Interlocked.Read(ref _requests[kind]);

    public TimelineEntry Placeholder(TimelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TimelineEntry(context.Now, Content);
    }

    public Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken)
        => Task.FromResult(Placeholder(context));

    public Task<IReadOnlyList<TimelineResult>> GetTimelinesAsync(TimelineBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var kind = Array.IndexOf(SimulatedKinds.All, batch.Kind);
        if (kind < 0)
        {
            throw new InvalidOperationException($"The simulation has no kind '{batch.Kind}'.");
        }

        Interlocked.Increment(ref _calls[kind]);
        Interlocked.Add(ref _requests[kind], batch.Requests.Count);
        var results = new TimelineResult[batch.Requests.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var request = batch.Requests[i];
            results[i] = TimelineResult.Success(request.WidgetId, Build(batch.Kind, request.Now));
        }

        return Task.FromResult<IReadOnlyList<TimelineResult>>(results);
    }

    private static Timeline Build(string kind, DateTimeOffset now) => kind switch
    {
        SimulatedKinds.Scores => new Timeline([Entry(now), Entry(now.AddMinutes(15)), Entry(now.AddMinutes(30))], ReloadPolicy.AtEnd),
        SimulatedKinds.Weather => new Timeline([Entry(now), Entry(now.AddHours(1)), Entry(now.AddHours(2)), Entry(now.AddHours(3))], ReloadPolicy.AtEnd),
        SimulatedKinds.Stocks => new Timeline([Entry(now)], ReloadPolicy.After(SimulatedKinds.NextMarketInstant(now))),
        _ => new Timeline([Entry(now)], ReloadPolicy.Never),
    };

    private static TimelineEntry Entry(DateTimeOffset date) => new(date, Content);
}
