namespace Orleans.Widgets.Benchmarks;

/// <summary>Command-line options shared by the benchmarks.</summary>
internal sealed record BenchOptions(bool Quick, string? PostgresConnectionString)
{
    public TimeSpan Pick(TimeSpan quick, TimeSpan full) => Quick ? quick : full;

    public string RequirePostgres()
        => PostgresConnectionString
            ?? throw new InvalidOperationException("This benchmark needs PostgreSQL: pass --postgres \"<connection string>\" or set WIDGETS_TEST_POSTGRES.");
}
