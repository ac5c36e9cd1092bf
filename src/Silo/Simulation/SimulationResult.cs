using System.Globalization;
using System.Text;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Silo.Simulation;

/// <summary>What a simulation measured, and its report: everything but the throughput depends only on the options.</summary>
internal sealed class SimulationResult
{
    private readonly Fleet _fleet;
    private readonly ReloadRecorder _recorder;
    private readonly SimulationProvider _provider;

    public SimulationResult(SimulationOptions options, Fleet fleet, ReloadRecorder recorder, SimulationProvider provider, TimeSpan elapsed)
    {
        Options = options;
        _fleet = fleet;
        _recorder = recorder;
        _provider = provider;
        Elapsed = elapsed;
    }

    public SimulationOptions Options { get; }

    /// <summary>Wall-clock time of the simulated days (registration and the steps).</summary>
    public TimeSpan Elapsed { get; }

    public double WidgetDaysPerSecond => (double)Options.Widgets * Options.Days / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Counted reloads of each widget-day of the viewing class (one sample per widget and day).</summary>
    public int[] CountedPerDay(ViewingClass viewing) => Samples(viewing, _recorder.Counted);

    public int[] ExemptPerDay(ViewingClass viewing) => Samples(viewing, _recorder.Exempt);

    public int[] DeferralsPerDay(ViewingClass viewing) => Samples(viewing, _recorder.Deferred);

    /// <summary>The most counted reloads any widget had in one simulated day.</summary>
    public int MaxCountedPerDay => Enum.GetValues<ViewingClass>().Select(c => CountedPerDay(c).DefaultIfEmpty(0).Max()).Max();

    /// <summary>The report: deterministic for given options (no wall-clock figures).</summary>
    public string Report()
    {
        var o = Options;
        var text = new StringBuilder();
        Line(text, $"fleet simulation: {o.Widgets} widgets on {o.Devices} devices, {o.Days} days, seed {o.Seed}, {o.Shards} shards, from {SimulationOptions.Start:yyyy-MM-ddTHH:mm:ssZ} in steps of {SimulationOptions.Step.TotalMinutes:0} min");
        Line(text, string.Empty);
        Line(text, "counted reloads per widget per day");
        Line(text, $"{"class",-11}{"devices",8}{"widgets",9}{"min",6}{"p10",6}{"p50",6}{"p90",6}{"max",6}{"mean",8}");
        foreach (var viewing in Enum.GetValues<ViewingClass>())
        {
            var samples = CountedPerDay(viewing);
            var devices = _fleet.Devices.Count(d => d.Viewing == viewing);
            Line(text, $"{Name(viewing),-11}{devices,8}{samples.Length / o.Days,9}{Stats(samples)}");
        }

        Line(text, string.Empty);
        Line(text, "exempt reloads and deferrals per widget per day");
        Line(text, $"{"class",-11}{"exempt p50",11}{"p90",6}{"max",6}{"mean",8}{"deferrals p50",15}{"p90",6}{"max",6}{"mean",8}");
        foreach (var viewing in Enum.GetValues<ViewingClass>())
        {
            var exempt = ExemptPerDay(viewing);
            var deferrals = DeferralsPerDay(viewing);
            Array.Sort(exempt);
            Array.Sort(deferrals);
            Line(text, $"{Name(viewing),-11}{Percentile(exempt, 0.5),11}{Percentile(exempt, 0.9),6}{Max(exempt),6}{Mean(exempt),8}{Percentile(deferrals, 0.5),15}{Percentile(deferrals, 0.9),6}{Max(deferrals),6}{Mean(deferrals),8}");
        }

        Line(text, string.Empty);
        Line(text, "provider calls per kind");
        Line(text, $"{"kind",-13}{"widgets",9}{"reloads",10}{"calls",9}{"reloads/call",14}");
        long reloads = 0, calls = 0;
        for (var k = 0; k < SimulatedKinds.All.Length; k++)
        {
            var widgets = Enumerable.Range(0, _fleet.WidgetCount).Count(w => _fleet.KindIndex(w) == k);
            var kindReloads = _provider.Requests(k);
            var kindCalls = _provider.Calls(k);
            reloads += kindReloads;
            calls += kindCalls;
            Line(text, $"{SimulatedKinds.All[k],-13}{widgets,9}{kindReloads,10}{kindCalls,9}{Ratio(kindReloads, kindCalls),14}");
        }

        Line(text, string.Empty);
        Line(text, "reloads applied by reason");
        foreach (var reason in Enum.GetValues<ReloadReason>())
        {
            if (_recorder.ByReason(reason) is var count and > 0)
            {
                Line(text, $"  {reason,-22}{count,10}");
            }
        }

        var counted = Sum(_recorder.Counted);
        var exemptTotal = Sum(_recorder.Exempt);
        var deferralTotal = Sum(_recorder.Deferred);
        Line(text, string.Empty);
        Line(text, "totals");
        Line(text, $"  widget-days            {(long)o.Widgets * o.Days,10}");
        Line(text, $"  counted reloads        {counted,10}");
        Line(text, $"  exempt reloads         {exemptTotal,10}");
        Line(text, $"  deferrals              {deferralTotal,10}");
        Line(text, $"  provider calls         {calls,10}");
        Line(text, $"  provider requests      {reloads,10}");
        Line(text, $"  coalescing ratio       {Ratio(reloads, calls),10}  reloads per provider call");
        Line(text, $"  most counted in a day  {MaxCountedPerDay,10}  (budget maximum 105)");
        return text.ToString();
    }

    private int[] Samples(ViewingClass viewing, Func<int, int, int> read)
    {
        var samples = new List<int>();
        for (var w = 0; w < _fleet.WidgetCount; w++)
        {
            if (_fleet.DeviceOf(w).Viewing != viewing)
            {
                continue;
            }

            for (var day = 0; day < Options.Days; day++)
            {
                samples.Add(read(w, day));
            }
        }

        return [.. samples];
    }

    private long Sum(Func<int, int, int> read)
    {
        long total = 0;
        for (var w = 0; w < _fleet.WidgetCount; w++)
        {
            for (var day = 0; day < Options.Days; day++)
            {
                total += read(w, day);
            }
        }

        return total;
    }

    private static string Stats(int[] samples)
    {
        Array.Sort(samples);
        return samples.Length == 0
            ? $"{"-",6}{"-",6}{"-",6}{"-",6}{"-",6}{"-",8}"
            : $"{samples[0],6}{Percentile(samples, 0.1),6}{Percentile(samples, 0.5),6}{Percentile(samples, 0.9),6}{samples[^1],6}{Mean(samples),8}";
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static string Percentile(int[] sorted, double p)
        => sorted.Length == 0 ? "-" : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)].ToString(CultureInfo.InvariantCulture);

    private static string Max(int[] sorted) => sorted.Length == 0 ? "-" : sorted[^1].ToString(CultureInfo.InvariantCulture);

    private static string Mean(int[] samples)
        => samples.Length == 0 ? "-" : (samples.Sum(s => (long)s) / (double)samples.Length).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(long reloads, long calls)
        => calls == 0 ? "-" : (reloads / (double)calls).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Name(ViewingClass viewing) => viewing.ToString().ToLowerInvariant();

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
