using Npgsql;
using static Orleans.Widgets.Runtime.Storage.Postgres.PostgresParameters;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

internal sealed class PostgresMembershipTable(NpgsqlDataSource dataSource) : IMembershipTable
{
    private const string Columns = "silo_id, name, generation, host, port, status, started_at, heartbeat_at";

    // Statuses 0 and 1 are joining and active (MembershipStatus); dead (2) and left (3) rows never change.
    private const string HeartbeatSql = "UPDATE silos SET heartbeat_at = GREATEST(heartbeat_at, @now) WHERE silo_id = @silo_id AND status IN (0, 1)";

    private const string UpdateStatusSql =
        "UPDATE silos SET status = @status, heartbeat_at = GREATEST(heartbeat_at, @now) WHERE silo_id = @silo_id AND status IN (0, 1)";

    private const string DeclareDeadSql = "UPDATE silos SET status = 2 WHERE status IN (0, 1) AND heartbeat_at < @before RETURNING silo_id";

    public async Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotRegistrable(entry);
        await using var command = dataSource.CreateCommand($"INSERT INTO silos ({Columns}) VALUES (@silo_id, @name, @generation, @host, @port, @status, @started_at, @heartbeat_at)");
        command.Parameters.Add(Text("silo_id", entry.SiloId));
        command.Parameters.Add(Text("name", entry.Name));
        command.Parameters.Add(Bigint("generation", entry.Generation));
        command.Parameters.Add(Text("host", entry.Host));
        command.Parameters.Add(Int("port", entry.Port));
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlTypes.NpgsqlDbType.Smallint) { Value = (short)entry.Status });
        command.Parameters.Add(Bigint("started_at", entry.StartedAt));
        command.Parameters.Add(Bigint("heartbeat_at", entry.HeartbeatAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"Silo {entry.SiloId} is registered already.", e);
        }
    }

    public async Task<bool> HeartbeatAsync(string siloId, long now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(HeartbeatSql);
        command.Parameters.Add(Text("silo_id", siloId));
        command.Parameters.Add(Bigint("now", now));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> UpdateStatusAsync(string siloId, MembershipStatus status, long now, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotSelfTransition(status);
        await using var command = dataSource.CreateCommand(UpdateStatusSql);
        command.Parameters.Add(Text("silo_id", siloId));
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlTypes.NpgsqlDbType.Smallint) { Value = (short)status });
        command.Parameters.Add(Bigint("now", now));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<string>> DeclareDeadAsync(long heartbeatBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DeclareDeadSql);
        command.Parameters.Add(Bigint("before", heartbeatBefore));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var dead = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            dead.Add(reader.GetString(0));
        }

        dead.Sort(StringComparer.Ordinal);
        return dead;
    }

    public async Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM silos ORDER BY silo_id COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new MembershipEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetInt32(4),
                (MembershipStatus)reader.GetInt16(5),
                reader.GetInt64(6),
                reader.GetInt64(7)));
        }

        return entries;
    }
}
