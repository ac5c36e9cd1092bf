namespace Orleans.Widgets.Silo.Simulation;

/// <summary>
/// Plans what the users of the fleet do, from the seed: viewing sessions of the home screen (widgets become visible,
/// sometimes with the app in the foreground, an interaction or a locale change) and their ends. Events are drawn in
/// a fixed order (by instant, then device), so the plan depends only on the seed.
/// </summary>
internal sealed class ViewingPlanner
{
    private readonly Fleet _fleet;
    private readonly Random _random;
    private readonly PriorityQueue<PlannedSession, (long At, int Device, bool End)> _queue = new();

    public ViewingPlanner(Fleet fleet, Random random, DateTimeOffset start)
    {
        _fleet = fleet;
        _random = random;
        foreach (var device in fleet.Devices)
        {
            var first = start + TimeSpan.FromMinutes(_random.NextDouble() * Interval(device.Viewing).TotalMinutes);
            Enqueue(new PlannedSession(device.Index, false, false, -1, false, false), device.NextAwake(OnGrid(first, start)));
        }
    }

    /// <summary>Takes every session start and end due at or before <paramref name="now"/>, planning what follows each.</summary>
    public List<PlannedSession> TakeDue(DateTimeOffset now, DateTimeOffset start)
    {
        var due = new List<PlannedSession>();
        while (_queue.TryPeek(out var session, out var priority) && priority.At <= now.UtcTicks)
        {
            _queue.Dequeue();
            if (session.End)
            {
                due.Add(session);
                continue;
            }

            var device = _fleet.Devices[session.Device];
            var foreground = _random.NextDouble() < (device.Viewing == ViewingClass.Frequent ? 0.3 : 0.4);
            var secondPage = _random.NextDouble() < 0.35;
            var interact = _random.NextDouble() < 0.1 ? _random.Next(device.WidgetCount) : -1;
            var locale = _random.NextDouble() < 0.003;
            var started = new PlannedSession(device.Index, foreground, secondPage, interact, locale, false);
            due.Add(started);

            var length = SimulationOptions.Step * (1 + _random.Next(3));
            Enqueue(started with { End = true }, now + length);
            var next = now + length + Interval(device.Viewing);
            Enqueue(new PlannedSession(device.Index, false, false, -1, false, false), device.NextAwake(OnGrid(next, start)));
        }

        return due;
    }

    private TimeSpan Interval(ViewingClass viewing) => viewing switch
    {
        ViewingClass.Frequent => TimeSpan.FromMinutes(15 + (_random.NextDouble() * 45)),
        ViewingClass.Occasional => TimeSpan.FromHours(2 + (_random.NextDouble() * 4)),
        _ => TimeSpan.FromHours(36 + (_random.NextDouble() * 60)),
    };

    private void Enqueue(PlannedSession session, DateTimeOffset at) => _queue.Enqueue(session, (at.UtcTicks, session.Device, session.End));

    private static DateTimeOffset OnGrid(DateTimeOffset at, DateTimeOffset start)
    {
        var steps = (long)Math.Ceiling((at - start).Ticks / (double)SimulationOptions.Step.Ticks);
        return start + (SimulationOptions.Step * steps);
    }
}

/// <summary>A viewing session's start (or, with <see cref="End"/>, its end) on one device.</summary>
/// <param name="Device">The device.</param>
/// <param name="Foreground">The user opens the app during the session.</param>
/// <param name="SecondPage">The user also swipes to the second home-screen page.</param>
/// <param name="Interact">The device's widget (0-based) the user taps, or -1.</param>
/// <param name="LocaleChanged">The user changes the system locale.</param>
/// <param name="End">The session ends: its widgets are hidden, the app goes to the background.</param>
internal readonly record struct PlannedSession(int Device, bool Foreground, bool SecondPage, int Interact, bool LocaleChanged, bool End);
