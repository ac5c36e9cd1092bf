using Npgsql;
using NpgsqlTypes;
using static Orleans.Widgets.Runtime.Storage.Postgres.PostgresParameters;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

internal sealed class PostgresMembershipTable(NpgsqlDataSource dataSource) : IMembershipTable
{
    public async Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotRegistrable(entry);
        await using var command = dataSource.CreateCommand(MembershipSql.Insert);
        foreach (var (name, value) in MembershipSql.InsertParameters(entry))
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }

        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"Silo {entry.SiloId} is registered already.", e);
        }
    }

    public async Task<bool> HeartbeatAsync(string siloId, long now, int activations, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MembershipSql.Heartbeat);
        command.Parameters.Add(Text("silo_id", siloId));
        command.Parameters.Add(Bigint("now", now));
        command.Parameters.Add(new NpgsqlParameter("activations", NpgsqlDbType.Integer) { Value = activations });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> UpdateStatusAsync(string siloId, MembershipStatus status, long now, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotSelfTransition(status);
        await using var command = dataSource.CreateCommand(MembershipSql.UpdateStatus);
        command.Parameters.Add(Text("silo_id", siloId));
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Smallint) { Value = (short)status });
        command.Parameters.Add(Bigint("now", now));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<string>> DeclareDeadAsync(long heartbeatBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MembershipSql.DeclareDead);
        command.Parameters.Add(Bigint("before", heartbeatBefore));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    public async Task<int> DeleteDefunctAsync(long heartbeatBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MembershipSql.DeleteDefunct);
        command.Parameters.Add(Bigint("before", heartbeatBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MembershipSql.SelectAll + " COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(MembershipSql.Read(reader));
        }

        return entries;
    }
}
