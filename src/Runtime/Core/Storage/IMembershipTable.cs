namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Where a silo incarnation is in its life. Stored as a number; never reorder.</summary>
public enum MembershipStatus
{
    /// <summary>Registered, taking its first leases.</summary>
    Joining = 0,

    /// <summary>Serving its shards.</summary>
    Active = 1,

    /// <summary>Declared dead by a silo that saw its heartbeat stop; never live again.</summary>
    Dead = 2,

    /// <summary>Stopped gracefully after handing its shards back.</summary>
    Left = 3,
}

/// <summary>One silo incarnation's membership row. Times are Unix milliseconds (UTC).</summary>
public sealed record MembershipEntry(
    string SiloId,
    string Name,
    long Generation,
    string Host,
    int Port,
    MembershipStatus Status,
    long StartedAt,
    long HeartbeatAt,
    int Activations = 0)
{
    /// <summary>Joining or active: counts toward the fair share and may hold leases.</summary>
    public bool IsLive => Status is MembershipStatus.Joining or MembershipStatus.Active;
}

/// <summary>The silos of a cluster: one row per incarnation, heartbeats, and death declarations.</summary>
public interface IMembershipTable
{
    /// <summary>Inserts a new incarnation's row.</summary>
    /// <exception cref="InvalidOperationException">A row with this silo id exists already.</exception>
    Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Records a heartbeat at <paramref name="now"/>, with the silo's <paramref name="activations"/> count, if the silo is still live. Returns <see langword="false"/>
    /// when no live row matched: the silo was declared dead (or left) and must not serve any longer.
    /// </summary>
    Task<bool> HeartbeatAsync(string siloId, long now, int activations, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a live silo to <paramref name="status"/> (active or left) and records a heartbeat. Returns
    /// <see langword="false"/> when the row is not live any more; dead and left rows never change.
    /// </summary>
    Task<bool> UpdateStatusAsync(string siloId, MembershipStatus status, long now, CancellationToken cancellationToken);

    /// <summary>
    /// Declares dead, in one conditional statement, every live silo whose heartbeat is older than
    /// <paramref name="heartbeatBefore"/>. Returns the silo ids this call declared dead.
    /// </summary>
    Task<IReadOnlyList<string>> DeclareDeadAsync(long heartbeatBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the rows of dead and left silos whose last heartbeat is older than <paramref name="heartbeatBefore"/>, so
    /// the table does not grow with every restart. Returns how many went. Live rows are never deleted.
    /// </summary>
    Task<int> DeleteDefunctAsync(long heartbeatBefore, CancellationToken cancellationToken);

    /// <summary>Every row, live or not, ordered by silo id.</summary>
    Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken);
}
