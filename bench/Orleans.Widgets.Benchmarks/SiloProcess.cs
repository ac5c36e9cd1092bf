using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Orleans.Widgets.Benchmarks;

/// <summary>
/// A silo executable running as a child process of the benchmark, with its output kept for diagnostics. Every child
/// still running is killed when the benchmark exits, whether it returns, throws, or is stopped by SIGINT/SIGTERM/SIGHUP.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<SiloProcess, bool> Running = new();
    private static readonly PosixSignalRegistration[] SignalHandlers =
        [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, _ => KillAll()))];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    static SiloProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private SiloProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public int Id => _process.Id;

    public HttpClient Http { get; }

    /// <summary>The last lines the silo printed.</summary>
    public string Tail => string.Join('\n', _output.TakeLast(40));

    /// <summary>The path of a silo executable the harness' build produced (named by the project file).</summary>
    public static string Executable(string assemblyName)
    {
        var key = "SiloUnderBench:" + assemblyName;
        var path = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"The harness does not name the path of {assemblyName}; rebuild it.");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assemblyName} is not built at {path}; build the harness (bench/run.sh does).", path);
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c>; the silo listens on <paramref name="port"/>.</summary>
    public static SiloProcess Start(string dll, int port, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the arguments configure the silo.
        foreach (var name in start.Environment.Keys.Where(static k => k.StartsWith("Widgets__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, port);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        Running[silo] = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; fails if the process exits or the time runs out.</summary>
    public async Task WaitForReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo on port {Port} exited with {_process.ExitCode} before it was ready:\n{Tail}");
            }

            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The silo on port {Port} was not ready within {timeout}:\n{Tail}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process ends at once, without flushing or leaving the cluster.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        Running.TryRemove(this, out _);
        _process.Dispose();
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void KillAll()
    {
        GC.KeepAlive(SignalHandlers);
        foreach (var silo in Running.Keys)
        {
            try
            {
                silo._process.Kill(entireProcessTree: true);
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
            while (_output.Count > 200 && _output.TryDequeue(out _))
            {
            }
        }
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
