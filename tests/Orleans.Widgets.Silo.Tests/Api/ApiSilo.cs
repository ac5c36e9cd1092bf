using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Grains.Time;
using Orleans.Widgets.Hosting;

namespace Orleans.Widgets.Silo.Tests.Api;

/// <summary>A silo in this process with the memory store, serving real HTTP on 127.0.0.1 at a free port.</summary>
public sealed class ApiSilo : IAsyncLifetime
{
    public const string AdminKey = "admin-key-for-tests-0123456789";

    private readonly bool _simulatedClock;
    private WebApplication? _app;

    public ApiSilo()
        : this(simulatedClock: true)
    {
    }

    private ApiSilo(bool simulatedClock) => _simulatedClock = simulatedClock;

    /// <summary>A silo whose clock is the system's (not part of the shared fixture).</summary>
    public static ApiSilo WithSystemClock() => new(simulatedClock: false);

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero));

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WidgetsSiloApplication.CreateBuilder(
        [
            "--Widgets:Port=0",
            "--Widgets:ListenAddress=127.0.0.1",
            "--Widgets:Storage:Provider=Memory",
            "--Widgets:Storage:ShardCount=8",
            "--Widgets:Telemetry:Exporter=None",
            $"--Widgets:AdminKey={AdminKey}",
            $"--Widgets:Clock={(_simulatedClock ? "simulated" : "system")}",
            "--Logging:LogLevel:Default=Warning",
            "--Widgets:Sessions:AllowedSchemes:0=http",
            "--Widgets:Sessions:AllowedSchemes:1=https",
            "--Widgets:Sessions:AllowedAddresses:0=127.0.0.1",
            "--Widgets:Sessions:MaxTasksPerSession=3",
        ]);
        if (_simulatedClock)
        {
            builder.Services.AddSingleton<ISimulatedClock>(Clock);
        }

        _app = builder.Build();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>An HTTP client that sends <paramref name="key"/> as its bearer key (none when null).</summary>
    public HttpClient Http(string? key = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public HttpClient Admin() => Http(AdminKey);

    /// <summary>Creates <paramref name="app"/> with the given kinds (default one URL kind) and returns its key.</summary>
    public async Task<string> CreateAppAsync(string app, params string[] kinds)
    {
        using var admin = Admin();
        var body = new { kinds = (kinds.Length == 0 ? ["k1"] : kinds).Select(k => new { kind = k, provider = new { url = "https://provider.example/timelines" } }) };
        using var response = await admin.PutAsJsonAsync($"/v1/apps/{app}", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("apiKey").GetString()!;
    }

    public static string NewAppId() => $"app-{Guid.NewGuid():N}";
}

/// <summary>A hand-driven clock standing in for the silo's simulated clock.</summary>
public sealed class ManualClock(DateTimeOffset start) : ISimulatedClock
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public bool IsSimulated => true;

    public Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _ticks, by.Ticks);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiSilo>
{
    public const string Name = "API silo";
}
