namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// The deadline of the call being served, as a <see cref="TimeProvider"/> timestamp, flowing with the call: a grain
/// serving a forwarded call passes the caller's deadline on to the calls it makes to other silos, never a later one.
/// </summary>
internal static class CallDeadline
{
    private static readonly AsyncLocal<long> Ambient = new();

    /// <summary>The current call chain's deadline; 0 outside a forwarded call.</summary>
    public static long Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>The earlier of the chain's deadline and <paramref name="timeout"/> from now.</summary>
    public static long For(TimeProvider time, TimeSpan timeout)
    {
        var own = After(time, timeout);
        var chain = Ambient.Value;
        return chain != 0 && chain < own ? chain : own;
    }

    /// <summary>The <see cref="TimeProvider"/> timestamp <paramref name="delay"/> from now.</summary>
    public static long After(TimeProvider time, TimeSpan delay)
        => time.GetTimestamp() + (long)(delay.TotalSeconds * time.TimestampFrequency);
}
