using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Indexing;

/// <summary>
/// One kind's instances in one shard. A reload fans out to the matching widgets after the call returns (the
/// widgets may be calling this index at the same moment; waiting on them inside the turn could deadlock).
/// </summary>
public sealed class KindIndexGrain : Grain, IKindIndexGrain
{
    private readonly IPersistentState<KindIndexState> _state;
    private readonly ReloadWorkTracker _tracker;

    public KindIndexGrain([PersistentState("index")] IPersistentState<KindIndexState> state, ReloadWorkTracker tracker)
    {
        _state = state;
        _tracker = tracker;
    }

    public async Task Add(string widgetId, IReadOnlyDictionary<string, string> configuration)
    {
        if (_state.State.Widgets.TryGetValue(widgetId, out var existing) && SameConfiguration(existing, configuration))
        {
            return;
        }

        _state.State.Widgets[widgetId] = new Dictionary<string, string>(configuration, StringComparer.Ordinal);
        await _state.WriteStateAsync();
    }

    public async Task Remove(string widgetId)
    {
        if (_state.State.Widgets.Remove(widgetId))
        {
            await _state.WriteStateAsync();
        }
    }

    public Task<int> Reload(IReadOnlyDictionary<string, string>? match)
    {
        var app = AppOf(GetPrimaryKeyString());
        var targets = _state.State.Widgets
            .Where(w => match is null || Matches(w.Value, match))
            .Select(w => w.Key)
            .ToList();
        foreach (var widgetId in targets)
        {
            _tracker.Track(GrainFactory.GetGrain<IWidgetGrain>(WidgetKeys.Widget(app, widgetId)).RequestReload(ReloadReason.AppRequested), "app-requested reload");
        }

        return Task.FromResult(targets.Count);
    }

    /// <summary>Whether <paramref name="configuration"/> holds every key/value of <paramref name="match"/>.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> configuration, IReadOnlyDictionary<string, string> match)
        => match.All(m => configuration.TryGetValue(m.Key, out var value) && string.Equals(value, m.Value, StringComparison.Ordinal));

    private static bool SameConfiguration(Dictionary<string, string> a, IReadOnlyDictionary<string, string> b)
        => a.Count == b.Count && Matches(a, b);

    // Key: "#shard/app/kind"; app ids and kinds contain no '/'.
    private static string AppOf(string key) => key.Split('/')[1];
}
