using Orleans.Widgets.Silo.Simulation;

namespace Orleans.Widgets.Silo.Tests.Simulation;

/// <summary>
/// A small fleet through the real runtime and grains on a simulated clock. The widget domain's meters and logs are
/// process-wide, so these runs are kept out of parallel test collections.
/// </summary>
[Collection(SimulationCollection.Name)]
public sealed class SimulationTests
{
    private static readonly SimulationOptions Small = new(Widgets: 300, Days: 2, Seed: 1, Devices: 100, Shards: 4);

    [Fact]
    public async Task The_same_seed_gives_the_same_report_and_another_seed_another()
    {
        var first = await RunAsync(Small);
        var second = await RunAsync(Small);
        var other = await RunAsync(Small with { Seed = 2 });

        Assert.Equal(first.Report(), second.Report());
        Assert.NotEqual(first.Report(), other.Report());
        Assert.Contains("counted reloads per widget per day", first.Report(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frequent_viewers_get_more_counted_reloads_than_rare_ones_and_no_widget_exceeds_the_budget()
    {
        var result = await RunAsync(Small with { Seed = 3 });

        var frequent = result.CountedPerDay(ViewingClass.Frequent);
        var rare = result.CountedPerDay(ViewingClass.Rare);
        Assert.NotEmpty(frequent);
        Assert.NotEmpty(rare);
        Assert.True(frequent.Average() > rare.Average(), $"frequent {frequent.Average():0.00} per day, rare {rare.Average():0.00}");
        Assert.InRange(result.MaxCountedPerDay, 1, 105);
        Assert.True(result.ExemptPerDay(ViewingClass.Frequent).Sum() > 0, "foreground sessions and interactions give exempt reloads");
    }

    [Theory]
    [InlineData(new[] { "--widgets", "0", "--days", "1", "--seed", "1" }, "--widgets")]
    [InlineData(new[] { "--widgets", "10", "--days", "31", "--seed", "1" }, "--days")]
    [InlineData(new[] { "--widgets", "10", "--days", "1", "--seed", "x" }, "--seed")]
    [InlineData(new[] { "--widgets", "10", "--days", "1", "--seed", "1", "--devices", "11" }, "--devices")]
    [InlineData(new[] { "--widgets", "10", "--days", "1", "--seed", "1", "--shards", "0" }, "--shards")]
    [InlineData(new[] { "--widgets=10", "--days=1" }, "--seed")]
    [InlineData(new[] { "--widgets", "10", "--days", "1", "--seed", "1", "--speed", "2" }, "--speed")]
    public void Bad_options_are_named(string[] args, string option)
    {
        SimulationOptions.Parse(args, out var error);
        Assert.NotNull(error);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_default_to_three_widgets_a_device()
    {
        var options = SimulationOptions.Parse(["--widgets=300", "--days", "2", "--seed", "-4"], out var error);
        Assert.Null(error);
        Assert.Equal(new SimulationOptions(300, 2, -4, 100, SimulationOptions.DefaultShards), options);
    }

    private static Task<SimulationResult> RunAsync(SimulationOptions options)
        => new FleetSimulator(options).RunAsync(CancellationToken.None);
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimulationCollection
{
    public const string Name = "Fleet simulation";
}
