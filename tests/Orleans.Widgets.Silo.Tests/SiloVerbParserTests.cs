using Orleans.Widgets.Silo.Hosting;

namespace Orleans.Widgets.Silo.Tests;

public sealed class SiloVerbParserTests
{
    [Theory]
    [InlineData(new string[0], "Run", 0)]
    [InlineData(new[] { "run" }, "Run", 0)]
    [InlineData(new[] { "run", "--Widgets:Port=1" }, "Run", 1)]
    [InlineData(new[] { "--Widgets:Port=1" }, "Run", 1)]
    [InlineData(new[] { "Widgets:Port=1", "Widgets:ListenAddress=0.0.0.0" }, "Run", 2)]
    [InlineData(new[] { "migrate", "--Widgets:Storage:Provider=Postgres" }, "Migrate", 1)]
    [InlineData(new[] { "MIGRATE" }, "Migrate", 0)]
    [InlineData(new[] { "simulate", "--widgets", "10", "--days", "1", "--seed", "1" }, "Simulate", 6)]
    [InlineData(new[] { "--help" }, "Help", 0)]
    [InlineData(new[] { "status" }, "Unknown", 1)]
    public void Splits_the_verb_from_the_settings(string[] args, string verb, int settings)
    {
        var parsed = SiloVerbParser.Parse(args);
        Assert.Equal(Enum.Parse<SiloVerb>(verb), parsed.Verb);
        Assert.Equal(settings, parsed.Configuration.Length);
    }
}

public sealed class SiloShorthandsTests
{
    [Fact]
    public void Cluster_database_and_ports_become_their_settings()
    {
        var expanded = SiloShorthands.Expand(["--cluster", "postgres", "--database", "Host=db;Database=w", "--port=5401", "--silo-port", "11111", "--Widgets:Demo:Enabled=false"]);
        Assert.Equal(
            ["--Widgets:Cluster:Enabled=true", "--Widgets:Storage:Provider=Postgres", "--Widgets:Storage:ConnectionString=Host=db;Database=w", "--Widgets:Port=5401", "--Widgets:Cluster:Port=11111", "--Widgets:Demo:Enabled=false"],
            expanded);
    }

    [Theory]
    [InlineData(new[] { "--cluster", "sqlite" }, "'sqlite' is not a cluster store")]
    [InlineData(new[] { "--database" }, "--database needs a value")]
    [InlineData(new[] { "--port", "--cluster", "postgres" }, "--port needs a value")]
    [InlineData(new[] { "--port", "http" }, "'http' is not a port number")]
    [InlineData(new[] { "--silo-port=70000" }, "'70000' is not a port number")]
    public void Bad_shorthands_are_named(string[] args, string message)
    {
        var error = Assert.Throws<CommandLineException>(() => SiloShorthands.Expand(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_arguments_pass_through()
        => Assert.Equal(["--Widgets:Port=1", "Widgets:Clock=simulated", "--portable"], SiloShorthands.Expand(["--Widgets:Port=1", "Widgets:Clock=simulated", "--portable"]));
}
