using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;

namespace Orleans.Widgets.Runtime.Tests.Storage;

/// <summary>A silo refuses a database whose schema is older than it needs, unless told to migrate it.</summary>
public abstract class SchemaCheckTests : IAsyncLifetime
{
    private readonly SiloStorage _storage;

    protected SchemaCheckTests(SiloStorage storage) => _storage = storage;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task A_silo_refuses_an_older_schema_and_starts_once_it_is_migrated()
    {
        var settings = new Dictionary<string, string?>(_storage.Settings) { ["Widgets:Storage:AutoMigrate"] = "false" };
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.StartAsync(settings: settings));
        Assert.Contains("schema is at version 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'migrate'", ex.Message, StringComparison.Ordinal);

        var options = new StorageOptions
        {
            Provider = Enum.Parse<StorageProvider>(settings["Widgets:Storage:Provider"]!),
            ConnectionString = settings.GetValueOrDefault("Widgets:Storage:ConnectionString"),
            DataDirectory = settings.GetValueOrDefault("Widgets:Storage:DataDirectory") ?? "data",
        };
        await using (var store = await RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None))
        {
            Assert.Equal(store.Schema.RequiredVersion, await store.Schema.MigrateAsync(CancellationToken.None));
        }

        await using var silo = await TestSilo.StartAsync(settings: settings);
        Assert.Equal(1, await silo.GrainFactory.GetGrain<TestGrains.ICounterGrain>("migrated").Add(1));
    }
}

public sealed class SqliteSchemaCheckTests() : SchemaCheckTests(SiloStorage.Sqlite());

public sealed class PostgresSchemaCheckTests() : SchemaCheckTests(SiloStorage.Postgres());
