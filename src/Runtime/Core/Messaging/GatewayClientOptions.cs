namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>Settings of a <see cref="GatewayClient"/>.</summary>
public sealed class GatewayClientOptions
{
    /// <summary>A call whose response has not arrived by then fails with <see cref="TimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening a connection to one gateway may take before the next is tried.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The name this client gives in its handshake (logs on the silo).</summary>
    public string ClientId { get; set; } = "client-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
