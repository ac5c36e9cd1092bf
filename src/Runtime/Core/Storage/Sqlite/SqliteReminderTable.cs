using Microsoft.Data.Sqlite;

namespace Orleans.Widgets.Runtime.Storage.Sqlite;

internal sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, shard, start_at, due_at, period_ms, version";

    private const string UpsertSql =
        "INSERT INTO reminders (grain_type, grain_key, name, shard, start_at, due_at, period_ms, version) " +
        "VALUES ($grain_type, $grain_key, $name, $shard, $start_at, $due_at, $period_ms, 1) " +
        "ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET shard = excluded.shard, start_at = excluded.start_at, " +
        "due_at = excluded.due_at, period_ms = excluded.period_ms, version = reminders.version + 1 RETURNING version";

    private const string DeleteSql = "DELETE FROM reminders WHERE grain_type = $grain_type AND grain_key = $grain_key AND name = $name";

    private const string RescheduleSql =
        "UPDATE reminders SET due_at = $due_at WHERE grain_type = $grain_type AND grain_key = $grain_key AND name = $name AND version = $version";

    private const string DeleteIfVersionSql =
        "DELETE FROM reminders WHERE grain_type = $grain_type AND grain_key = $grain_key AND name = $name AND version = $version";

    public Task<IReadOnlyList<ReminderRecord>> ReadDueAsync(IReadOnlyCollection<int> shards, long fromInclusive, long untilExclusive, CancellationToken cancellationToken)
    {
        if (shards.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<ReminderRecord>>([]);
        }

        return database.ReadAsync<IReadOnlyList<ReminderRecord>>(connection =>
        {
            using var command = connection.CreateCommand();

            // json_each turns the shard list into rows so one statement (and the (shard, due_at) index) serves any set.
            command.CommandText =
                $"SELECT {Columns} FROM reminders WHERE shard IN (SELECT value FROM json_each($shards)) " +
                "AND due_at >= $from AND due_at < $until ORDER BY due_at";
            command.Parameters.AddWithValue("$shards", "[" + string.Join(',', shards) + "]");
            command.Parameters.AddWithValue("$from", fromInclusive);
            command.Parameters.AddWithValue("$until", untilExclusive);
            return ReadAll(command);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ReminderRecord>> ReadGrainAsync(string grainType, string grainKey, CancellationToken cancellationToken)
        => database.ReadAsync<IReadOnlyList<ReminderRecord>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_type = $grain_type AND grain_key = $grain_key ORDER BY name";
            command.Parameters.AddWithValue("$grain_type", grainType);
            command.Parameters.AddWithValue("$grain_key", grainKey);
            return ReadAll(command);
        }, cancellationToken);

    public Task<ReminderRecord?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken)
        => database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_type = $grain_type AND grain_key = $grain_key AND name = $name";
            command.Parameters.AddWithValue("$grain_type", grainType);
            command.Parameters.AddWithValue("$grain_key", grainKey);
            command.Parameters.AddWithValue("$name", name);
            return ReadAll(command).FirstOrDefault();
        }, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken)
        => database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM reminders";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    public async Task WriteAsync(string owner, IReadOnlyList<ReminderWriteOperation> batch, CancellationToken cancellationToken)
    {
        try
        {
            var results = await database.WriteAsync(context =>
            {
                var fences = new Dictionary<(int Shard, long Epoch), bool>();
                var result = new (WriteOutcome Outcome, long NewVersion)[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    result[i] = Apply(context, owner, batch[i], fences);
                }

                return result;
            }, cancellationToken);

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome = results[i].Outcome;
                if (results[i].Outcome == WriteOutcome.Written && batch[i].Kind == ReminderWriteKind.Upsert)
                {
                    batch[i].NewVersion = results[i].NewVersion;
                }
            }
        }
        catch (SqliteException)
        {
            foreach (var op in batch)
            {
                op.Outcome = WriteOutcome.Pending;
            }

            throw;
        }
    }

    private static (WriteOutcome, long) Apply(SqliteWriteContext context, string owner, ReminderWriteOperation op, Dictionary<(int, long), bool> fences)
    {
        var r = op.Record;
        if (!fences.TryGetValue((r.Shard, op.Epoch), out var holds))
        {
            holds = context.Holds(owner, r.Shard, op.Epoch);
            fences[(r.Shard, op.Epoch)] = holds;
        }

        if (!holds)
        {
            return (WriteOutcome.NotOwner, 0);
        }

        switch (op.Kind)
        {
            case ReminderWriteKind.Upsert:
                var version = context.Scalar(
                    UpsertSql,
                    ("$grain_type", r.GrainType),
                    ("$grain_key", r.GrainKey),
                    ("$name", r.Name),
                    ("$shard", r.Shard),
                    ("$start_at", r.StartAt),
                    ("$due_at", r.DueAt),
                    ("$period_ms", r.PeriodMs));
                return (WriteOutcome.Written, Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture));
            case ReminderWriteKind.Delete:
                context.Execute(DeleteSql, ("$grain_type", r.GrainType), ("$grain_key", r.GrainKey), ("$name", r.Name));
                return (WriteOutcome.Written, 0);
            case ReminderWriteKind.Reschedule:
                return (Changed(context.Execute(
                    RescheduleSql,
                    ("$due_at", r.DueAt),
                    ("$grain_type", r.GrainType),
                    ("$grain_key", r.GrainKey),
                    ("$name", r.Name),
                    ("$version", r.Version))), 0);
            case ReminderWriteKind.DeleteIfVersion:
                return (Changed(context.Execute(
                    DeleteIfVersionSql,
                    ("$grain_type", r.GrainType),
                    ("$grain_key", r.GrainKey),
                    ("$name", r.Name),
                    ("$version", r.Version))), 0);
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "Unknown reminder write.");
        }
    }

    private static WriteOutcome Changed(int rows) => rows == 0 ? WriteOutcome.VersionMismatch : WriteOutcome.Written;

    private static List<ReminderRecord> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var records = new List<ReminderRecord>();
        while (reader.Read())
        {
            records.Add(new ReminderRecord
            {
                GrainType = reader.GetString(0),
                GrainKey = reader.GetString(1),
                Name = reader.GetString(2),
                Shard = reader.GetInt32(3),
                StartAt = reader.GetInt64(4),
                DueAt = reader.GetInt64(5),
                PeriodMs = reader.GetInt64(6),
                Version = reader.GetInt64(7),
            });
        }

        return records;
    }
}
