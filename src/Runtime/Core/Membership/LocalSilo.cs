using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Runtime.Membership;

/// <summary>
/// This silo's identity and endpoint. The id is the name plus a generation (<c>name@generation-pid</c>): every start,
/// and every rejoin after the silo was declared dead, is a new incarnation with a new id, so a lease or a
/// membership row of an earlier incarnation is never mistaken for the current one.
/// </summary>
internal sealed class LocalSilo
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private volatile SiloEndpoint _endpoint;
    private long _generation;
    private bool _registered;

    public LocalSilo(IOptions<SiloOptions> silo, IOptions<ClusterOptions> cluster, TimeProvider time)
    {
        _time = time;
        Name = string.IsNullOrWhiteSpace(silo.Value.Name) ? Environment.MachineName : silo.Value.Name;
        _generation = time.GetUtcNow().ToUnixTimeMilliseconds();
        _endpoint = new SiloEndpoint(FormatId(Name, _generation), cluster.Value.Host, cluster.Value.Port);
    }

    /// <summary>The readable name (setting <c>Widgets:Silo:Name</c>, or the host name).</summary>
    public string Name { get; }

    /// <summary>The current incarnation's id: the lease owner and the membership row's key.</summary>
    public string Id => _endpoint.SiloId;

    /// <summary>The address other silos and clients reach this silo on.</summary>
    public string Host => _endpoint.Host;

    /// <summary>The port this silo accepts connections on: <c>Widgets:Cluster:Port</c>, or the one the transport set.</summary>
    public int Port => _endpoint.Port;

    /// <summary>The current incarnation's endpoint, as the membership table records it; lock-free, on the call path.</summary>
    public SiloEndpoint Endpoint => _endpoint;

    /// <summary>The current incarnation's generation (Unix ms when it began, strictly increasing per silo).</summary>
    public long Generation
    {
        get
        {
            lock (_lock)
            {
                return _generation;
            }
        }
    }

    /// <summary>
    /// Sets the port the transport listens on (when <c>Widgets:Cluster:Port</c> is 0 it picks one). Must happen before
    /// the silo registers in the membership table, since other silos read the endpoint from there.
    /// </summary>
    /// <exception cref="InvalidOperationException">The silo has registered already.</exception>
    public void SetPort(int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65_535);
        lock (_lock)
        {
            if (_registered)
            {
                throw new InvalidOperationException($"Silo {_endpoint.SiloId} has registered its endpoint already; set the port before the silo starts.");
            }

            _endpoint = _endpoint with { Port = port };
        }
    }

    /// <summary>Freezes the endpoint: from now on other silos may read it.</summary>
    public void MarkRegistered()
    {
        lock (_lock)
        {
            _registered = true;
        }
    }

    /// <summary>Begins a new incarnation (after this one was declared dead): a later generation, so a new id.</summary>
    public string BeginNextIncarnation()
    {
        lock (_lock)
        {
            _generation = Math.Max(_generation + 1, _time.GetUtcNow().ToUnixTimeMilliseconds());
            _endpoint = _endpoint with { SiloId = FormatId(Name, _generation) };
            return _endpoint.SiloId;
        }
    }

    private static string FormatId(string name, long generation)
        => string.Create(CultureInfo.InvariantCulture, $"{name}@{generation}-{Environment.ProcessId}");
}
