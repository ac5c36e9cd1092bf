using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime.Configuration;

namespace Orleans.Widgets.Silo.Api;

/// <summary>
/// The shard count from the setting <c>Widgets:Storage:ShardCount</c>. A database keeps the count it was created
/// with, so this is right only while the setting matches the database; the runtime does not expose its count yet.
/// </summary>
internal sealed class ConfiguredShardTopology(IOptions<StorageOptions> storage) : IShardTopology
{
    public int ShardCount { get; } = storage.Value.ShardCount;
}
