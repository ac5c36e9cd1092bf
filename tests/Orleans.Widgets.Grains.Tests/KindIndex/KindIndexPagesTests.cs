using System.Text.Json;
using Orleans.Widgets.Grains.Indexing;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.KindIndex;

/// <summary>The paged kind index over state rows kept as serialized bytes, as a store keeps them.</summary>
public sealed class KindIndexPagesTests
{
    private static readonly Dictionary<string, string> Configuration = new() { ["team"] = "team-07", ["size"] = "small" };

    [Fact]
    public async Task Registering_writes_as_many_bytes_in_a_large_partition_as_in_a_small_one()
    {
        var rows = new Rows();
        var pages = new KindIndexPages(rows.Open);
        var header = 0;
        const int Widgets = 5_000;
        var perAdd = new long[Widgets];
        for (var i = 0; i < Widgets; i++)
        {
            var before = rows.BytesWritten;
            await pages.PutAsync($"widget-{i:D6}", Configuration, count =>
            {
                header = count;
                return Task.CompletedTask;
            });
            perAdd[i] = rows.BytesWritten - before;
        }

        Assert.Equal(Widgets, pages.Count);
        Assert.Equal((Widgets + KindIndexPages.Capacity - 1) / KindIndexPages.Capacity, header);
        Assert.All(rows.Payloads.Values, p => Assert.True(JsonSerializer.Deserialize<KindIndexPage>(p)!.Widgets.Count <= KindIndexPages.Capacity));

        // A page is at most Capacity entries whatever the partition holds: the largest write of the last thousand
        // adds is no larger than the largest of the first hundred.
        Assert.True(perAdd[^1000..].Max() <= perAdd[..KindIndexPages.Capacity].Max());
        Assert.True(perAdd.Sum() < Widgets * (long)perAdd[..KindIndexPages.Capacity].Max());
    }

    [Fact]
    public async Task A_reload_of_the_rows_finds_every_widget_and_removals_leave_room_that_is_reused()
    {
        var rows = new Rows();
        var pages = new KindIndexPages(rows.Open);
        var count = 0;
        Task CountPages(int n)
        {
            count = n;
            return Task.CompletedTask;
        }

        for (var i = 0; i < 200; i++)
        {
            await pages.PutAsync($"w{i}", new Dictionary<string, string> { ["team"] = $"t{i % 4}" }, CountPages);
        }

        Assert.True(await pages.RemoveAsync("w3"));
        Assert.False(await pages.RemoveAsync("w3"));
        await pages.PutAsync("w7", new Dictionary<string, string> { ["team"] = "t9" }, CountPages);
        await pages.PutAsync("new", new Dictionary<string, string> { ["team"] = "t1" }, CountPages);
        Assert.Equal(4, count);

        var reloaded = new KindIndexPages(rows.Open);
        await reloaded.LoadAsync(count);
        Assert.Equal(200, reloaded.Count);
        Assert.Null(reloaded.Find("w3"));
        Assert.Equal("t9", reloaded.Find("w7")!["team"]);
        Assert.Equal(pages.Matching(null), reloaded.Matching(null));
        Assert.Equal(51, reloaded.Matching(new Dictionary<string, string> { ["team"] = "t1" }).Count);
        Assert.Contains("new", reloaded.Matching(new Dictionary<string, string> { ["team"] = "t1" }));

        // The room left by w3 was filled by "new", in the first page: no fifth page.
        Assert.Equal(4, rows.Payloads.Count);
    }

    /// <summary>State rows as a store holds them: bytes, read back into fresh objects.</summary>
    private sealed class Rows
    {
        public Dictionary<string, byte[]> Payloads { get; } = [];

        public long BytesWritten { get; private set; }

        public IPersistentState<KindIndexPage> Open(int page) => new Row(this, KindIndexPages.StateName(page));

        private sealed class Row(Rows rows, string name) : IPersistentState<KindIndexPage>
        {
            public KindIndexPage State { get; set; } = new();

            public string? Etag => null;

            public bool RecordExists => rows.Payloads.ContainsKey(name);

            public Task ReadStateAsync(CancellationToken cancellationToken = default)
            {
                State = rows.Payloads.TryGetValue(name, out var payload) ? JsonSerializer.Deserialize<KindIndexPage>(payload)! : new KindIndexPage();
                return Task.CompletedTask;
            }

            public Task WriteStateAsync(CancellationToken cancellationToken = default)
            {
                var payload = JsonSerializer.SerializeToUtf8Bytes(State);
                rows.Payloads[name] = payload;
                rows.BytesWritten += payload.Length;
                return Task.CompletedTask;
            }

            public Task ClearStateAsync(CancellationToken cancellationToken = default)
            {
                rows.Payloads.Remove(name);
                State = new KindIndexPage();
                return Task.CompletedTask;
            }
        }
    }
}
