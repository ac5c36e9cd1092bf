using System.Net;
using System.Net.Sockets;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// Where downloads may go: allowed schemes and hosts for a URL, and, at connect time, the resolved address (so a
/// name that resolves to a private address is refused however it was spelled, and a DNS answer that changes between
/// check and use cannot slip through).
/// </summary>
public sealed class SessionAddressPolicy
{
    private static readonly IPNetwork[] PrivateNetworks =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),       // RFC 1918
        IPNetwork.Parse("100.64.0.0/10"),    // CGNAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local
        IPNetwork.Parse("172.16.0.0/12"),    // RFC 1918
        IPNetwork.Parse("192.168.0.0/16"),   // RFC 1918
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, broadcast
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    private readonly SessionOptions _options;
    private readonly IPNetwork[] _exceptions;

    /// <summary>Creates the policy from the session limits.</summary>
    public SessionAddressPolicy(SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _exceptions = [.. options.AllowedAddresses.Select(ParseNetwork)];
    }

    /// <summary>Whether <paramref name="address"/> is loopback, private, link-local, unspecified or multicast.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return PrivateNetworks.Any(network => network.Contains(address));
    }

    /// <summary>Why a download may not connect to <paramref name="address"/>, or <see langword="null"/> if it may.</summary>
    public string? RefuseAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_options.AllowPrivateNetworks || !IsPrivate(plain) || _exceptions.Any(network => network.Contains(plain)))
        {
            return null;
        }

        return $"address {plain} is in a private or reserved network";
    }

    /// <summary>
    /// Why <paramref name="url"/> may not be downloaded (scheme, host, or a literal address that is refused), or
    /// <see langword="null"/>. Host names are checked again on the address they resolve to when connecting.
    /// </summary>
    public string? RefuseUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return "the URL must be absolute";
        }

        if (!_options.EffectiveSchemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            return $"scheme '{url.Scheme}' is not allowed (allowed: {string.Join(", ", _options.EffectiveSchemes)})";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "the URL must not carry credentials";
        }

        var host = url.IdnHost;
        if (_options.AllowedHosts.Count > 0 && !_options.AllowedHosts.Exists(allowed => HostMatches(host, allowed)))
        {
            return $"host '{host}' is not allowed";
        }

        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return RefuseAddress(literal);
        }

        return null;
    }

    private static bool HostMatches(string host, string allowed)
        => allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase);

    private static IPNetwork ParseNetwork(string value)
    {
        if (IPNetwork.TryParse(value, out var network))
        {
            return network;
        }

        var address = IPAddress.Parse(value);
        return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
    }
}
