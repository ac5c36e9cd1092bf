using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Tests.Storage;

public sealed class SqliteExclusiveLockTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "widgets-lock-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ASecondOpen_OfTheSameDirectory_FailsNamingTheDirectory()
    {
        var options = new StorageOptions { Provider = StorageProvider.Sqlite, DataDirectory = _directory };
        await using (var first = await RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None))
        {
            Assert.True(first.IsExclusive);
            Assert.Contains(Path.Combine(_directory, "widgets.db"), first.Description, StringComparison.Ordinal);

            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None));
            Assert.Contains(_directory, e.Message, StringComparison.Ordinal);
        }

        await using var again = await RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None);
        Assert.Equal(0, await again.Schema.GetVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TheFile_IsInWalMode_AndSurvivesReopening()
    {
        var options = new StorageOptions { Provider = StorageProvider.Sqlite, DataDirectory = _directory };
        await using (var store = await RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None))
        {
            await store.Schema.MigrateAsync(CancellationToken.None);
            await store.Leases.InitializeShardCountAsync(4, CancellationToken.None);
            var lease = (await store.Leases.AcquireAsync("silo", [0], 0, 1000, force: true, CancellationToken.None))[0];
            var write = new StateWriteOperation { GrainType = "t", GrainKey = "k", StateName = "s", Fence = new ShardFence(0, lease.Epoch), Payload = [42] };
            await store.States.WriteAsync("silo", [write], CancellationToken.None);
            Assert.Equal(WriteOutcome.Written, write.Outcome);
        }

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "widgets.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", command.ExecuteScalar());
        }

        await using var reopened = await RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None);
        Assert.Equal(reopened.Schema.RequiredVersion, await reopened.Schema.GetVersionAsync(CancellationToken.None));
        Assert.Equal([42], (await reopened.States.ReadAsync("t", "k", "s", CancellationToken.None))!.Payload);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
