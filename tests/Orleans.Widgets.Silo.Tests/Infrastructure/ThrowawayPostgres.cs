using System.Diagnostics;

namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own (scripts/throwaway-postgres.sh), for tests that restart the server and so
/// cannot share the suite's.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _directory;

    private ThrowawayPostgres(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"widgets-pg-{Guid.NewGuid():N}");
        var output = await RunAsync("start", directory);
        var connectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        return new ThrowawayPostgres(directory, connectionString);
    }

    /// <summary>A fast stop (every connection cut) and a start on the same port.</summary>
    public Task RestartAsync() => RunAsync("restart", _directory);

    public async ValueTask DisposeAsync() => await RunAsync("stop", _directory);

    private static async Task<string> RunAsync(string command, string directory)
    {
        var start = new ProcessStartInfo("bash", [Script(), command, directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"throwaway-postgres.sh {command} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string Script()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "throwaway-postgres.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("scripts/throwaway-postgres.sh was not found above the test's directory.");
    }
}
