using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Silo.Hosting;

namespace Orleans.Widgets.Silo.Tests;

public sealed class StatusCommandTests
{
    private const long Now = 1_800_000_000_000;

    [Fact]
    public void Lists_live_silos_first_with_shards_epochs_and_activations_and_names_unheld_shards()
    {
        MembershipEntry[] silos =
        [
            new("b@2", "b", 2, "127.0.0.1", 7002, MembershipStatus.Active, Now - 60_000, Now - 1_500, 42),
            new("a@1", "a", 1, "127.0.0.1", 7001, MembershipStatus.Dead, Now - 600_000, Now - 300_000, 9),
            new("c@3", "c", 3, "127.0.0.1", 7003, MembershipStatus.Joining, Now - 1_000, Now - 200, 0),
        ];
        ShardLease[] leases =
        [
            new(0, "b@2", 4, Now + 5_000),
            new(1, "b@2", 6, Now + 5_000),
            new(2, "a@1", 3, Now - 1_000),
            new(3, "a@1", 3, Now - 1_000),
            new(4, "c@3", 1, Now + 5_000),
            new(5, "", 0, 0),
        ];

        var lines = StatusCommand.Render("PostgreSQL db", silos, leases, Now).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("PostgreSQL db: 2 live silos, 6 shards, 3 held by a live silo", lines[0]);
        Assert.StartsWith("SILO", lines[1], StringComparison.Ordinal);
        Assert.Equal(["b@2", "c@3", "a@1"], lines[2..5].Select(l => l.Split(' ')[0]));
        Assert.Matches(@"^b@2\s+127\.0\.0\.1:7002\s+active\s+1\.5 s ago\s+2\s+4-6\s+42$", lines[2]);
        Assert.Matches(@"^c@3\s+127\.0\.0\.1:7003\s+joining\s+0\.2 s ago\s+1\s+1\s+0$", lines[3]);
        Assert.Matches(@"^a@1\s+127\.0\.0\.1:7001\s+dead\s+5 min ago\s+0\s+-\s+-$", lines[4]);
        Assert.Equal("Shards not held by a live silo: 2-3, 5", lines[5]);
    }
}
