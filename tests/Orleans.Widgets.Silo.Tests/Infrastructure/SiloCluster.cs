using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;

namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>
/// Test-silo processes that form one cluster on a PostgreSQL database, each with a fixed HTTP port so that a silo
/// restarted in its place is reachable at the same address. Short heartbeat, death and lease times keep faults quick.
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    public const int ShardCount = 16;

    /// <summary>The lease duration the silos run with; a dead silo's shards move within it plus detection.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly string _connectionString;
    private readonly SiloProcess?[] _silos;
    private readonly int[] _ports;
    private readonly string[] _extra;

    private SiloCluster(string connectionString, int count, string[] extra)
    {
        _connectionString = connectionString;
        _silos = new SiloProcess?[count];
        _ports = Enumerable.Range(0, count).Select(_ => FreePort.Next()).ToArray();
        _extra = extra;
    }

    public const string AdminKey = "cluster-admin-key-0123456789abcdef";

    /// <summary>
    /// Background session settings for tests: downloads over plain HTTP from 127.0.0.1 (the test's content server),
    /// which the defaults refuse, and short retry, download and watchdog times (the watchdog bounds how long a killed
    /// silo's sessions wait before the silo that takes their shards resumes them).
    /// </summary>
    public static readonly string[] SessionSettings =
    [
        "--Widgets:Sessions:AllowedSchemes:0=http", "--Widgets:Sessions:AllowedAddresses:0=127.0.0.1",
        "--Widgets:Sessions:RetryDelay=00:00:01", "--Widgets:Sessions:DownloadTimeout=00:00:10",
        "--Widgets:Sessions:WatchdogPeriod=00:00:02",
    ];

    public int Count => _silos.Length;

    /// <summary>The cluster's database.</summary>
    public string ConnectionString => _connectionString;

    public SiloProcess this[int index] => _silos[index] ?? throw new InvalidOperationException($"Silo {index} is not running.");

    /// <summary>The HTTP API addresses of every silo, running or not.</summary>
    public IReadOnlyList<Uri> Addresses => _ports.Select(p => new Uri($"http://127.0.0.1:{p}/")).ToArray();

    public static async Task<SiloCluster> StartAsync(string connectionString, int count = 3, params string[] extra)
    {
        var cluster = new SiloCluster(connectionString, count, extra);
        try
        {
            for (var i = 0; i < count; i++)
            {
                cluster.Start(i);
            }

            for (var i = 0; i < count; i++)
            {
                await cluster[i].WaitForReadyAsync(ReadyTimeout);
            }

            await cluster.WaitForAsync(async () => await cluster.OwnersAsync() is var owners && owners.Values.Sum() == ShardCount && owners.Count == count, "every silo holds shards");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Creates <paramref name="app"/> with the admin key through <paramref name="http"/>'s silo; returns the app's key.</summary>
    public static async Task<string> CreateAppAsync(HttpClient http, string app, HttpContent definition)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/apps/{app}") { Content = definition };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("apiKey").GetString()!;
    }

    /// <summary>Starts silo <paramref name="index"/> (again) on its port.</summary>
    public SiloProcess Start(int index)
    {
        var port = _ports[index];
        string[] arguments =
        [
            "--cluster", "postgres", "--database", _connectionString, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--Widgets:Storage:AutoMigrate=true", $"--Widgets:Storage:ShardCount={ShardCount}",
            $"--Widgets:Silo:Name=silo{index}", $"--Widgets:AdminKey={AdminKey}", "--Widgets:Demo:Enabled=false",
            "--Widgets:Cluster:HeartbeatPeriod=00:00:00.500", "--Widgets:Cluster:DeathTimeout=00:00:02",
            "--Widgets:Leases:RenewPeriod=00:00:01", $"--Widgets:Leases:LeaseDuration={LeaseDuration:c}",
            "--Widgets:Messaging:ResponseTimeout=00:00:10",
            .. _extra,
        ];
        return _silos[index] = SiloProcess.Start(SiloExecutables.TestSilo, port, arguments);
    }

    /// <summary>SIGTERM, a clean exit, and a new process on the same port that is ready.</summary>
    public async Task RestartAsync(int index)
    {
        var silo = this[index];
        silo.Terminate();
        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"silo{index} exited with {exit}:\n{silo.Output}");
        await silo.DisposeAsync();
        await Start(index).WaitForReadyAsync(ReadyTimeout);
    }

    /// <summary>The silo name prefix of the lease owner ids of silo <paramref name="index"/>.</summary>
    public static string OwnerPrefix(int index) => $"silo{index}@";

    /// <summary>Holders of unexpired leases with how many each holds.</summary>
    public Task<Dictionary<string, int>> OwnersAsync() => OwnersAsync(_connectionString);

    /// <summary>Holders of unexpired leases in the database at <paramref name="connectionString"/> (a released lease has expires_at 0).</summary>
    public static async Task<Dictionary<string, int>> OwnersAsync(string connectionString)
        => (await ShardOwnersAsync(connectionString)).GroupBy(static s => s.Value).ToDictionary(static g => g.Key, static g => g.Count());

    /// <summary>The holder of each shard's unexpired lease.</summary>
    public static async Task<Dictionary<int, string>> ShardOwnersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT shard, owner FROM shard_leases WHERE expires_at > (extract(epoch FROM clock_timestamp()) * 1000)::bigint",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var owners = new Dictionary<int, string>();
        while (await reader.ReadAsync())
        {
            owners[reader.GetInt32(0)] = reader.GetString(1);
        }

        return owners;
    }

    public async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or HttpRequestException or TaskCanceledException)
            {
                // The database or a silo is restarting; try again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {limit}: {what}.\n{string.Join("\n---\n", _silos.Where(s => s is not null).Select(s => s!.Output[^Math.Min(s.Output.Length, 4000)..]))}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
