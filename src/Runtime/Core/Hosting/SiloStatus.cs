using Orleans.Widgets.Runtime;
using Orleans.Widgets.Runtime.Membership;

namespace Orleans.Widgets.Hosting;

/// <summary>The silo's identity and readiness, updated by the lifecycle service.</summary>
internal sealed class SiloStatus : ISiloStatus
{
    private readonly SiloRuntime _runtime;
    private readonly LocalSilo _local;
    private volatile string? _notReadyReason = "starting";
    private volatile Func<string?>? _balance;

    public SiloStatus(LocalSilo local, SiloRuntime runtime)
    {
        _runtime = runtime;
        _local = local;
    }

    public string SiloId => _local.Id;

    public string StoreDescription { get; set; } = string.Empty;

    public bool IsReady => NotReadyReason is null;

    public string? NotReadyReason => _notReadyReason ?? _balance?.Invoke();

    public int ActivationCount => _runtime.Catalog.Count;

    /// <summary>Ready once started, as long as <paramref name="balance"/> (why the silo lacks its share of shards) is null.</summary>
    public void SetReady(Func<string?>? balance = null)
    {
        _balance = balance;
        _notReadyReason = null;
    }

    public void SetNotReady(string reason) => _notReadyReason = reason;
}
