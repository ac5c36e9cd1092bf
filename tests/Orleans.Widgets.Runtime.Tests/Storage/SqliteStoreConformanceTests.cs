namespace Orleans.Widgets.Runtime.Tests.Storage;

public sealed class SqliteStoreConformanceTests(SqliteStoreFixture fixture)
    : RuntimeStoreConformanceTests(fixture), IClassFixture<SqliteStoreFixture>;
