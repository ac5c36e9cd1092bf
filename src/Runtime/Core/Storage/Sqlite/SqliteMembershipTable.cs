using Microsoft.Data.Sqlite;

namespace Orleans.Widgets.Runtime.Storage.Sqlite;

/// <summary>
/// The membership table of a SQLite file. One silo owns the file, so the only row that matters is its own; the
/// table exists so the schema and the contract are the same on every store.
/// </summary>
internal sealed class SqliteMembershipTable(SqliteDatabase database) : IMembershipTable
{
    private const string Columns = "silo_id, name, generation, host, port, status, started_at, heartbeat_at";

    // Statuses 0 and 1 are joining and active (MembershipStatus); dead (2) and left (3) rows never change.
    private const string HeartbeatSql = "UPDATE silos SET heartbeat_at = MAX(heartbeat_at, $now) WHERE silo_id = $silo_id AND status IN (0, 1)";

    private const string UpdateStatusSql =
        "UPDATE silos SET status = $status, heartbeat_at = MAX(heartbeat_at, $now) WHERE silo_id = $silo_id AND status IN (0, 1)";

    private const string DeclareDeadSql = "UPDATE silos SET status = 2 WHERE status IN (0, 1) AND heartbeat_at < $before RETURNING silo_id";

    public Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotRegistrable(entry);
        return database.WriteAsync(context =>
        {
            try
            {
                return context.Execute(
                    $"INSERT INTO silos ({Columns}) VALUES ($silo_id, $name, $generation, $host, $port, $status, $started_at, $heartbeat_at)",
                    ("$silo_id", entry.SiloId),
                    ("$name", entry.Name),
                    ("$generation", entry.Generation),
                    ("$host", entry.Host),
                    ("$port", entry.Port),
                    ("$status", (int)entry.Status),
                    ("$started_at", entry.StartedAt),
                    ("$heartbeat_at", entry.HeartbeatAt));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                // 19 is SQLITE_CONSTRAINT: the primary key is taken.
                throw new InvalidOperationException($"Silo {entry.SiloId} is registered already.", e);
            }
        }, cancellationToken);
    }

    public Task<bool> HeartbeatAsync(string siloId, long now, CancellationToken cancellationToken)
        => database.WriteAsync(context => context.Execute(HeartbeatSql, ("$silo_id", siloId), ("$now", now)) > 0, cancellationToken);

    public Task<bool> UpdateStatusAsync(string siloId, MembershipStatus status, long now, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotSelfTransition(status);
        return database.WriteAsync(
            context => context.Execute(UpdateStatusSql, ("$silo_id", siloId), ("$status", (int)status), ("$now", now)) > 0,
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> DeclareDeadAsync(long heartbeatBefore, CancellationToken cancellationToken)
        => database.WriteAsync<IReadOnlyList<string>>(context =>
        {
            using var reader = context.Bind(DeclareDeadSql, [("$before", heartbeatBefore)]).ExecuteReader();
            var dead = new List<string>();
            while (reader.Read())
            {
                dead.Add(reader.GetString(0));
            }

            dead.Sort(StringComparer.Ordinal);
            return dead;
        }, cancellationToken);

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
        => database.ReadAsync<IReadOnlyList<MembershipEntry>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM silos ORDER BY silo_id";
            using var reader = command.ExecuteReader();
            var entries = new List<MembershipEntry>();
            while (reader.Read())
            {
                entries.Add(new MembershipEntry(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetInt64(2),
                    reader.GetString(3),
                    reader.GetInt32(4),
                    (MembershipStatus)reader.GetInt32(5),
                    reader.GetInt64(6),
                    reader.GetInt64(7)));
            }

            return entries;
        }, cancellationToken);
}
