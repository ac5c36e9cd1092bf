namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>Tests that start silo processes run one at a time, so that their timings do not depend on each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestCollection
{
    public const string Name = "Silo processes";
}
