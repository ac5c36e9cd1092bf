namespace Orleans.Widgets.Runtime.Tests.Storage;

public sealed class MemoryStoreConformanceTests(MemoryStoreFixture fixture)
    : RuntimeStoreConformanceTests(fixture), IClassFixture<MemoryStoreFixture>;
