using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Storage.Memory;

namespace Orleans.Widgets.Runtime.Tests.Storage;

public sealed class MemoryStoreFixture : RuntimeStoreFixture
{
    public override Task<IRuntimeStore> OpenEmptyAsync() => Task.FromResult<IRuntimeStore>(new MemoryRuntimeStore());
}
