using System.Globalization;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Silo.Simulation;

/// <summary>
/// Counts, per widget and simulated day, the reloads the widget grains apply (counted or exempt) and the reloads they
/// defer, from the grains' structured log events (<c>Reloaded</c>, <c>Deferred</c>); the day is read from the simulated clock.
/// </summary>
internal sealed class ReloadRecorder : ILoggerProvider, ILogger
{
    public const string Category = "Orleans.Widgets.Grains.Widgets.WidgetGrain";
    private const int ReloadedEvent = 2;
    private const int DeferredEvent = 3;

    private readonly TimeProvider _time;
    private readonly DateTimeOffset _start;
    private readonly int _days;
    private readonly string _prefix;
    private readonly int[] _counted;
    private readonly int[] _exempt;
    private readonly int[] _deferred;
    private readonly long[] _byReason = new long[Enum.GetValues<ReloadReason>().Length];

    public ReloadRecorder(TimeProvider time, DateTimeOffset start, int widgets, int days)
    {
        _time = time;
        _start = start;
        _days = days;
        _prefix = SimulatedKinds.App + "/" + Fleet.WidgetPrefix;
        _counted = new int[widgets * days];
        _exempt = new int[widgets * days];
        _deferred = new int[widgets * days];
    }

    public int Days => _days;

    public int Counted(int widget, int day) => Volatile.Read(ref _counted[(widget * _days) + day]);

    public int Exempt(int widget, int day) => Volatile.Read(ref _exempt[(widget * _days) + day]);

    public int Deferred(int widget, int day) => Volatile.Read(ref _deferred[(widget * _days) + day]);

    public long ByReason(ReloadReason reason) => Interlocked.Read(ref _byReason[(int)reason]);

    public ILogger CreateLogger(string categoryName) => string.Equals(categoryName, Category, StringComparison.Ordinal) ? this : NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id is not (ReloadedEvent or DeferredEvent) || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        string? widget = null;
        ReloadReason? reason = null;
        var counted = false;
        foreach (var (key, value) in values)
        {
            switch (key)
            {
                case "Widget":
                    widget = value as string;
                    break;
                case "Reason":
                    reason = value as ReloadReason?;
                    break;
                case "Counted":
                    counted = value is true;
                    break;
            }
        }

        if (widget is null || !widget.StartsWith(_prefix, StringComparison.Ordinal)
            || !int.TryParse(widget.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index * _days >= _counted.Length)
        {
            return;
        }

        var day = (int)((_time.GetUtcNow() - _start).Ticks / TimeSpan.TicksPerDay);
        if (day < 0 || day >= _days)
        {
            return;
        }

        var slot = (index * _days) + day;
        if (eventId.Id == DeferredEvent)
        {
            Interlocked.Increment(ref _deferred[slot]);
            return;
        }

        Interlocked.Increment(ref counted ? ref _counted[slot] : ref _exempt[slot]);
        if (reason is { } r)
        {
            Interlocked.Increment(ref _byReason[(int)r]);
        }
    }

    public void Dispose()
    {
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
