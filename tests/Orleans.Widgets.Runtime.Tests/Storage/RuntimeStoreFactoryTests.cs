using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Tests.Storage;

public sealed class RuntimeStoreFactoryTests
{
    [Fact]
    public async Task Postgres_WithoutConnectionString_NamesTheSetting()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres };

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None));

        Assert.Contains("Widgets:Storage:ConnectionString", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_DescriptionNeverShowsThePassword()
    {
        var options = new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            ConnectionString = "Host=db.example;Port=5433;Username=widgets;Password=hunter2secret;Database=cluster",
        };

        await using var store = await RuntimeStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None);

        Assert.False(store.IsExclusive);
        Assert.DoesNotContain("hunter2secret", store.Description, StringComparison.Ordinal);
        Assert.Contains("cluster", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_IsExclusive()
    {
        await using var store = await RuntimeStoreFactory.OpenAsync(new StorageOptions { Provider = StorageProvider.Memory }, TimeProvider.System, CancellationToken.None);

        Assert.True(store.IsExclusive);
    }
}
