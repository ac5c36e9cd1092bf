using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Storage.Sqlite;

namespace Orleans.Widgets.Runtime.Tests.Storage;

/// <summary>A temporary directory per test class; each database gets its own subdirectory (one lock each).</summary>
public sealed class SqliteStoreFixture : RuntimeStoreFixture
{
    private readonly List<IRuntimeStore> _opened = [];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "widgets-sqlite-" + Guid.NewGuid().ToString("N"));

    public override Task<IRuntimeStore> OpenEmptyAsync()
    {
        var store = SqliteRuntimeStore.Open(Path.Combine(Root, Guid.NewGuid().ToString("N")));
        lock (_opened)
        {
            _opened.Add(store);
        }

        return Task.FromResult<IRuntimeStore>(store);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
