using System.Data.Common;
using System.Globalization;

namespace Orleans.Widgets.Runtime.Storage;

/// <summary>
/// The membership statements, written once for PostgreSQL and SQLite (both take <c>@name</c> parameters and CASE).
/// Statuses 0 and 1 are joining and active (<see cref="MembershipStatus"/>); dead (2) and left (3) rows never change.
/// </summary>
internal static class MembershipSql
{
    public const string Columns = "silo_id, name, generation, host, port, status, started_at, heartbeat_at, activations";

    public const string Insert =
        $"INSERT INTO silos ({Columns}) VALUES (@silo_id, @name, @generation, @host, @port, @status, @started_at, @heartbeat_at, @activations)";

    // A heartbeat never moves back: two rounds may commit out of order.
    public const string Heartbeat =
        "UPDATE silos SET heartbeat_at = CASE WHEN heartbeat_at > @now THEN heartbeat_at ELSE @now END, activations = @activations " +
        "WHERE silo_id = @silo_id AND status IN (0, 1)";

    public const string UpdateStatus =
        "UPDATE silos SET status = @status, heartbeat_at = CASE WHEN heartbeat_at > @now THEN heartbeat_at ELSE @now END " +
        "WHERE silo_id = @silo_id AND status IN (0, 1)";

    public const string DeclareDead = "UPDATE silos SET status = 2 WHERE status IN (0, 1) AND heartbeat_at < @before RETURNING silo_id";

    public const string DeleteDefunct = "DELETE FROM silos WHERE status IN (2, 3) AND heartbeat_at < @before";

    /// <summary>Every row; the caller appends the engine's byte-order collation so both order ids alike.</summary>
    public const string SelectAll = $"SELECT {Columns} FROM silos ORDER BY silo_id";

    /// <summary>The values of <see cref="Insert"/>'s parameters for <paramref name="entry"/>.</summary>
    public static IEnumerable<(string Name, object Value)> InsertParameters(MembershipEntry entry) =>
    [
        ("silo_id", entry.SiloId),
        ("name", entry.Name),
        ("generation", entry.Generation),
        ("host", entry.Host),
        ("port", entry.Port),
        ("status", (short)entry.Status),
        ("started_at", entry.StartedAt),
        ("heartbeat_at", entry.HeartbeatAt),
        ("activations", entry.Activations),
    ];

    /// <summary>One row of <see cref="SelectAll"/>.</summary>
    public static MembershipEntry Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetInt32(4),
        (MembershipStatus)Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
        reader.GetInt64(6),
        reader.GetInt64(7),
        Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture));
}
