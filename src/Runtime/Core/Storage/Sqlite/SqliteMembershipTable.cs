using Microsoft.Data.Sqlite;

namespace Orleans.Widgets.Runtime.Storage.Sqlite;

/// <summary>
/// The membership table of a SQLite file. One silo owns the file, so the only row that matters is its own; the
/// table exists so the schema and the contract are the same on every store.
/// </summary>
internal sealed class SqliteMembershipTable(SqliteDatabase database) : IMembershipTable
{
    // SQLITE_CONSTRAINT: the primary key is taken.
    private const int ConstraintViolation = 19;

    public Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotRegistrable(entry);
        var parameters = MembershipSql.InsertParameters(entry).Select(p => ("@" + p.Name, (object?)p.Value)).ToArray();
        return database.WriteAsync(context =>
        {
            try
            {
                return context.Execute(MembershipSql.Insert, parameters);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == ConstraintViolation)
            {
                throw new InvalidOperationException($"Silo {entry.SiloId} is registered already.", e);
            }
        }, cancellationToken);
    }

    public Task<bool> HeartbeatAsync(string siloId, long now, int activations, CancellationToken cancellationToken)
        => database.WriteAsync(context => context.Execute(MembershipSql.Heartbeat, ("@silo_id", siloId), ("@now", now), ("@activations", activations)) > 0, cancellationToken);

    public Task<bool> UpdateStatusAsync(string siloId, MembershipStatus status, long now, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotSelfTransition(status);
        return database.WriteAsync(
            context => context.Execute(MembershipSql.UpdateStatus, ("@silo_id", siloId), ("@status", (int)status), ("@now", now)) > 0,
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> DeclareDeadAsync(long heartbeatBefore, CancellationToken cancellationToken)
        => database.WriteAsync<IReadOnlyList<string>>(context =>
        {
            using var reader = context.Bind(MembershipSql.DeclareDead, [("@before", heartbeatBefore)]).ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            ids.Sort(StringComparer.Ordinal);
            return ids;
        }, cancellationToken);

    public Task<int> DeleteDefunctAsync(long heartbeatBefore, CancellationToken cancellationToken)
        => database.WriteAsync(context => context.Execute(MembershipSql.DeleteDefunct, ("@before", heartbeatBefore)), cancellationToken);

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
        => database.ReadAsync<IReadOnlyList<MembershipEntry>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = MembershipSql.SelectAll;
            using var reader = command.ExecuteReader();
            var entries = new List<MembershipEntry>();
            while (reader.Read())
            {
                entries.Add(MembershipSql.Read(reader));
            }

            return entries;
        }, cancellationToken);
}
