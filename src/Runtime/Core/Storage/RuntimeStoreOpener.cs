using Orleans.Widgets.Runtime.Configuration;

namespace Orleans.Widgets.Runtime.Storage;

/// <summary>
/// Opens the silo's store in place of <see cref="RuntimeStoreFactory.OpenAsync"/> when registered in DI: tests use it to
/// run several silos in one process, each on a store that shares shards the way a cluster's database does.
/// </summary>
internal delegate Task<IRuntimeStore> RuntimeStoreOpener(StorageOptions options, TimeProvider time, CancellationToken cancellationToken);
