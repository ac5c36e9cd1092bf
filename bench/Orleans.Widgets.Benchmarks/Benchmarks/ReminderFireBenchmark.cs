namespace Orleans.Widgets.Benchmarks.Benchmarks;

internal static class ReminderFireBenchmark
{
    public static Task RunAsync(BenchOptions options) => throw new NotImplementedException();
}
