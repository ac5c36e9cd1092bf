using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Orleans.Widgets.Silo.Simulation;

/// <summary>The <c>simulate</c> verb: runs a fleet on a simulated clock and prints its report.</summary>
internal static class SimulateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = SimulationOptions.Parse(args, out var error);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync($"simulate: {error}");
            return 2;
        }

        // A simulation is a batch job: its throughput is the point and nobody waits on a pause, so the collector
        // does its full collections without running beside the simulation (a little less CPU in all, a smaller peak heap).
        GCSettings.LatencyMode = GCLatencyMode.Batch;

        using var cancel = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var progress = new ProgressBar(Console.Error);
        var simulator = new FleetSimulator(options, progress);
        var result = await simulator.RunAsync(cancel.Token);
        progress.Done();
        await Console.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"wall clock: {result.Elapsed.TotalSeconds:0.0} s, of which {simulator.RegistrationTime.TotalSeconds:0.0} s registering the widgets, {simulator.PlayTime.TotalSeconds:0.0} s playing events and {simulator.AdvanceTime.TotalSeconds:0.0} s advancing the clock ({simulator.Settles} stops)"));
        await Console.Out.WriteAsync(result.Report());
        await Console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"simulated_widget_days_per_s {result.WidgetDaysPerSecond:0} (wall clock: {result.Elapsed.TotalSeconds:0.0} s for {(long)options.Widgets * options.Days} widget-days; varies between runs)"));
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
    }

    /// <summary>A text progress bar on standard error, redrawn in place (or a line per tenth when redirected).</summary>
    private sealed class ProgressBar : IProgress<double>
    {
        private const int Width = 40;
        private readonly TextWriter _writer;
        private readonly bool _inPlace = !Console.IsErrorRedirected;
        private int _lastTenth = -1;

        public ProgressBar(TextWriter writer) => _writer = writer;

        public void Report(double value)
        {
            var filled = (int)(value * Width);
            var bar = $"[{new string('#', filled)}{new string('.', Width - filled)}] {value,4:P0}";
            if (_inPlace)
            {
                _writer.Write($"\r{bar}");
            }
            else if ((int)(value * 10) is var tenth && tenth != _lastTenth)
            {
                _lastTenth = tenth;
                _writer.WriteLine(bar);
            }
        }

        public void Done()
        {
            if (_inPlace)
            {
                _writer.WriteLine();
            }
        }
    }
}
