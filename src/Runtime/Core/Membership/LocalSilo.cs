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
    private string _id;
    private long _generation;
    private int _port;
    private bool _registered;

    public LocalSilo(IOptions<SiloOptions> silo, IOptions<ClusterOptions> cluster, TimeProvider time)
    {
        _time = time;
        Name = string.IsNullOrWhiteSpace(silo.Value.Name) ? Environment.MachineName : silo.Value.Name;
        Host = cluster.Value.Host;
        _port = cluster.Value.Port;
        _generation = time.GetUtcNow().ToUnixTimeMilliseconds();
        _id = FormatId(Name, _generation);
    }

    /// <summary>The readable name (setting <c>Widgets:Silo:Name</c>, or the host name).</summary>
    public string Name { get; }

    /// <summary>The address other silos and clients reach this silo on.</summary>
    public string Host { get; }

    /// <summary>The current incarnation's id: the lease owner and the membership row's key.</summary>
    public string Id
    {
        get
        {
            lock (_lock)
            {
                return _id;
            }
        }
    }

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

    /// <summary>The port this silo accepts connections on: <c>Widgets:Cluster:Port</c>, or the one the transport set.</summary>
    public int Port
    {
        get
        {
            lock (_lock)
            {
                return _port;
            }
        }
    }

    /// <summary>The current incarnation's endpoint, as the membership table records it.</summary>
    public SiloEndpoint Endpoint
    {
        get
        {
            lock (_lock)
            {
                return new SiloEndpoint(_id, Host, _port);
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
                throw new InvalidOperationException($"Silo {_id} has registered its endpoint already; set the port before the silo starts.");
            }

            _port = port;
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
            _id = FormatId(Name, _generation);
            return _id;
        }
    }

    private static string FormatId(string name, long generation)
        => string.Create(CultureInfo.InvariantCulture, $"{name}@{generation}-{Environment.ProcessId}");
}
