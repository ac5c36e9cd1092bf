namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>Who opened a connection, as its handshake says.</summary>
internal enum ConnectionRole : byte
{
    /// <summary>Another silo forwarding calls for shards this silo holds.</summary>
    Silo = 1,

    /// <summary>A client sending calls for any grain through this silo (the gateway).</summary>
    Client = 2,
}
