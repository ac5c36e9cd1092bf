using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Runtime.Configuration;

namespace Orleans.Widgets.Hosting;

/// <summary>The silo's identity and readiness, updated by the lifecycle service.</summary>
internal sealed class SiloStatus : ISiloStatus
{
    private readonly SiloRuntime _runtime;
    private volatile string? _notReadyReason = "starting";

    public SiloStatus(IOptions<SiloOptions> options, SiloRuntime runtime, TimeProvider time)
    {
        _runtime = runtime;
        var name = string.IsNullOrWhiteSpace(options.Value.Name) ? Environment.MachineName : options.Value.Name;
        // The generation makes every start a distinct lease owner, so a restarted silo never mistakes a
        // dead predecessor's leases for its own.
        SiloId = $"{name}@{time.GetUtcNow().ToUnixTimeMilliseconds()}-{Environment.ProcessId}";
    }

    public string SiloId { get; }

    public string StoreDescription { get; set; } = string.Empty;

    public bool IsReady => _notReadyReason is null;

    public string? NotReadyReason => _notReadyReason;

    public int ActivationCount => _runtime.Catalog.Count;

    public void SetReady() => _notReadyReason = null;

    public void SetNotReady(string reason) => _notReadyReason = reason;
}
