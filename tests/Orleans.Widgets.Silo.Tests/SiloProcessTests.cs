using System.Net;
using Orleans.Widgets.Silo.Tests.Infrastructure;

namespace Orleans.Widgets.Silo.Tests;

/// <summary>Runs the real silo executable as a process service managers would.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class SiloProcessTests
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Starts_with_only_a_port_and_data_directory_and_stops_cleanly_on_sigterm()
    {
        using var data = new TempDirectory();
        var port = FreePort.Next();
        await using var silo = SiloProcess.Start(SiloExecutables.Silo, port, $"--Widgets:Port={port}", $"--Widgets:Storage:DataDirectory={data.Path}");
        await silo.WaitForReadyAsync(ReadyTimeout);

        Assert.Equal("{\"status\":\"live\"}", await silo.Http.GetStringAsync("/health/live"));
        using (var ready = await silo.Http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("\"status\":\"ready\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // It says where its data lives and where it serves.
        await silo.WaitForOutputAsync("Data lives in", ReadyTimeout);
        var dataLine = silo.Output.Split('\n').First(line => line.Contains("Data lives in", StringComparison.Ordinal));
        Assert.Contains(data.Path, dataLine, StringComparison.Ordinal);
        Assert.Contains($"Serving http://127.0.0.1:{port}", silo.Output, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(data.Path));

        silo.Terminate();
        Assert.Equal(0, await silo.WaitForExitAsync(StopTimeout));
        Assert.Contains("stopped", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listens_only_on_the_configured_address()
    {
        using var data = new TempDirectory();
        var port = FreePort.Next();
        await using var silo = SiloProcess.Start(SiloExecutables.Silo, port, $"--Widgets:Port={port}", $"--Widgets:Storage:DataDirectory={data.Path}");
        await silo.WaitForReadyAsync(ReadyTimeout);

        // 127.0.0.2 is loopback too, but not the address the silo was told to use.
        using var other = new HttpClient { BaseAddress = new Uri($"http://127.0.0.2:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => other.GetAsync("/health/live"));
    }

    [Theory]
    [InlineData("--Widgets:Port=abc", "Widgets:Port")]
    [InlineData("--Widgets:Port=70000", "Widgets:Port")]
    [InlineData("--Widgets:ListenAddress=nowhere", "Widgets:ListenAddress")]
    [InlineData("--Widgets:Storage:Provider=Oracle", "Widgets:Storage:Provider")]
    [InlineData("--Widgets:Storage:ShardCount=0", "ShardCount")]
    [InlineData("--Widgets:Telemetry:Exporter=Carrier-Pigeon", "Widgets:Telemetry:Exporter")]
    public async Task A_bad_setting_exits_non_zero_with_one_line_naming_it(string setting, string named)
    {
        using var data = new TempDirectory();
        var port = FreePort.Next();
        await using var silo = SiloProcess.Start(SiloExecutables.Silo, port, $"--Widgets:Port={port}", $"--Widgets:Storage:DataDirectory={data.Path}", setting);

        Assert.NotEqual(0, await silo.WaitForExitAsync(StopTimeout));
        var errors = silo.Output.Split('\n').Where(line => line.StartsWith("Invalid configuration:", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_exits_with_usage()
    {
        await using var silo = SiloProcess.Start(SiloExecutables.Silo, 0, "frobnicate");
        Assert.Equal(2, await silo.WaitForExitAsync(StopTimeout));
        Assert.Contains("Usage:", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_creates_the_sqlite_schema_and_prints_its_version()
    {
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(SiloExecutables.Silo, 0, "migrate", $"--Widgets:Storage:DataDirectory={data.Path}");
        Assert.Equal(0, await silo.WaitForExitAsync(StopTimeout));
        Assert.Matches(@"Schema version [1-9]\d*", silo.Output);
    }

    [Fact]
    public async Task Runs_on_postgres_after_migrate_and_stops_cleanly_on_sigterm()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        string[] storage = ["--Widgets:Storage:Provider=Postgres", $"--Widgets:Storage:ConnectionString={database.ConnectionString}"];

        await using (var migrate = SiloProcess.Start(SiloExecutables.Silo, 0, ["migrate", .. storage]))
        {
            Assert.True(await migrate.WaitForExitAsync(StopTimeout) == 0, "migrate failed:\n" + migrate.Output);
            Assert.Matches(@"Schema version [1-9]\d*", migrate.Output);
        }

        var port = FreePort.Next();
        await using var silo = SiloProcess.Start(SiloExecutables.Silo, port, [$"--Widgets:Port={port}", .. storage]);
        await silo.WaitForReadyAsync(ReadyTimeout);
        await silo.WaitForOutputAsync("Data lives in", ReadyTimeout);
        Assert.DoesNotContain("Password", silo.Output, StringComparison.OrdinalIgnoreCase);

        silo.Terminate();
        Assert.Equal(0, await silo.WaitForExitAsync(StopTimeout));
    }
}
