namespace Orleans.Widgets.Runtime.Tests.Storage;

public sealed class PostgresStoreConformanceTests(PostgresStoreFixture fixture)
    : RuntimeStoreConformanceTests(fixture), IClassFixture<PostgresStoreFixture>;
