namespace Orleans.Widgets.Client;

/// <summary>
/// The silos a client may send to, and the one it prefers now. A failure moves every later request to the next
/// silo, so a silo that went away costs one failed attempt, not one per request.
/// </summary>
internal sealed class SiloRotation
{
    private readonly Uri[] _silos;
    private int _current;

    public SiloRotation(IEnumerable<Uri> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        _silos = silos.Select(Normalize).Distinct().ToArray();
        if (_silos.Length == 0)
        {
            throw new ArgumentException("At least one silo address is needed.", nameof(silos));
        }
    }

    public int Count => _silos.Length;

    /// <summary>The preferred silo and its position, to pass back to <see cref="Failed"/>.</summary>
    public (Uri Silo, int Position) Current
    {
        get
        {
            var position = Volatile.Read(ref _current);
            return (_silos[(position & int.MaxValue) % _silos.Length], position);
        }
    }

    /// <summary>Moves on from the silo at <paramref name="position"/>, unless another request already did.</summary>
    public void Failed(int position) => Interlocked.CompareExchange(ref _current, unchecked(position + 1), position);

    private static Uri Normalize(Uri silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.IsAbsoluteUri || (silo.Scheme != Uri.UriSchemeHttp && silo.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{silo}' is not an http or https address of a silo.", nameof(silo));
        }

        // Relative request paths resolve under the base only when it ends with '/'.
        return silo.AbsoluteUri.EndsWith('/') ? silo : new Uri(silo.AbsoluteUri + "/");
    }
}
