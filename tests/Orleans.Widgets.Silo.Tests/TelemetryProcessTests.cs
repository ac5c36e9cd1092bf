using Orleans.Widgets.Silo.Tests.Infrastructure;

namespace Orleans.Widgets.Silo.Tests;

/// <summary>The console exporter writes the runtime's spans and metrics to the log of a real silo.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class TelemetryProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_console_exporter_logs_grain_call_spans_and_runtime_metrics()
    {
        using var data = new TempDirectory();
        var port = FreePort.Next();
        await using var silo = SiloProcess.Start(SiloExecutables.TestSilo, port, $"--Widgets:Port={port}",
            $"--Widgets:Storage:DataDirectory={data.Path}", "--Widgets:Telemetry:Exporter=Console",
            "--Widgets:Telemetry:MetricExportInterval=00:00:01");
        await silo.WaitForReadyAsync(Timeout);

        using (var response = await silo.Http.PostAsync("/test/state/traced/value", content: null))
        {
            response.EnsureSuccessStatusCode();
        }

        // The grain call is a span even though the HTTP request's own Activity is not recorded.
        await silo.WaitForOutputAsync("span Orleans.Widgets.Runtime IProbeGrain.SetValueAsync", Timeout);
        await silo.WaitForOutputAsync("metric Orleans.Widgets.", Timeout);

        silo.Terminate();
        Assert.Equal(0, await silo.WaitForExitAsync(Timeout));
    }
}
