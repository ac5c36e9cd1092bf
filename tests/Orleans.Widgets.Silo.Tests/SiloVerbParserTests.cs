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
