using Npgsql;
using static Orleans.Widgets.Runtime.Storage.Postgres.PostgresParameters;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

/// <summary>Reminder batches as one transaction: the fence lock, then one multi-row statement for every kind of write.</summary>
internal sealed class PostgresReminderTable(NpgsqlDataSource dataSource) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, shard, start_at, due_at, period_ms, version";

    // Kinds: 0 upsert, 1 delete, 2 reschedule, 3 delete-if-version (ReminderWriteKind's values).
    // Unnest in the select list streams the rows; unnest(a, b, ...) in FROM first copies the batch into a tuplestore.
    // A batch never holds two writes on one reminder, so the data-modifying CTEs touch disjoint rows.
    // Upserted rows come back by key (idx -1) and are matched to their operation here: joining them to o in SQL
    // ran as a nested loop (the planner expects one row from unnest), quadratic in the batch size.
    private static readonly string WriteSql = $"""
        WITH o AS (
            SELECT * FROM (
                SELECT unnest(@idx) AS idx, unnest(@kind) AS kind, unnest(@grain_type) AS grain_type, unnest(@grain_key) AS grain_key,
                       unnest(@name) AS name, unnest(@shard) AS shard, unnest(@epoch) AS epoch, unnest(@start_at) AS start_at,
                       unnest(@due_at) AS due_at, unnest(@period_ms) AS period_ms, unnest(@version) AS version) o
            WHERE {PostgresFence.Holds("o")}
        ),
        upserted AS (
            INSERT INTO reminders AS r (grain_type, grain_key, name, shard, start_at, due_at, period_ms, version)
            SELECT grain_type, grain_key, name, shard, start_at, due_at, period_ms, 1 FROM o WHERE kind = 0
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE
                SET shard = excluded.shard, start_at = excluded.start_at, due_at = excluded.due_at,
                    period_ms = excluded.period_ms, version = r.version + 1
            RETURNING r.grain_type, r.grain_key, r.name, r.version
        ),
        deleted AS (
            DELETE FROM reminders r USING o
            WHERE o.kind = 1 AND r.grain_type = o.grain_type AND r.grain_key = o.grain_key AND r.name = o.name
        ),
        rescheduled AS (
            UPDATE reminders r SET due_at = o.due_at FROM o
            WHERE o.kind = 2 AND r.grain_type = o.grain_type AND r.grain_key = o.grain_key AND r.name = o.name AND r.version = o.version
            RETURNING o.idx
        ),
        fired AS (
            DELETE FROM reminders r USING o
            WHERE o.kind = 3 AND r.grain_type = o.grain_type AND r.grain_key = o.grain_key AND r.name = o.name AND r.version = o.version
            RETURNING o.idx
        )
        SELECT -1, u.version, u.grain_type, u.grain_key, u.name FROM upserted u
        UNION ALL SELECT idx, 0, NULL, NULL, NULL FROM o WHERE kind = 1
        UNION ALL SELECT idx, 0, NULL, NULL, NULL FROM rescheduled
        UNION ALL SELECT idx, 0, NULL, NULL, NULL FROM fired
        """;

    public async Task<IReadOnlyList<ReminderRecord>> ReadDueAsync(IReadOnlyCollection<int> shards, long fromInclusive, long untilExclusive, CancellationToken cancellationToken)
    {
        if (shards.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM reminders WHERE shard = ANY(@shards) AND due_at >= @from AND due_at < @until ORDER BY due_at");
        command.Parameters.Add(Ints("shards", [.. shards]));
        command.Parameters.Add(Bigint("from", fromInclusive));
        command.Parameters.Add(Bigint("until", untilExclusive));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ReminderRecord>> ReadGrainAsync(string grainType, string grainKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM reminders WHERE grain_type = @grain_type AND grain_key = @grain_key ORDER BY name COLLATE \"C\"");
        command.Parameters.Add(Text("grain_type", grainType));
        command.Parameters.Add(Text("grain_key", grainKey));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<ReminderRecord?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM reminders WHERE grain_type = @grain_type AND grain_key = @grain_key AND name = @name");
        command.Parameters.Add(Text("grain_type", grainType));
        command.Parameters.Add(Text("grain_key", grainKey));
        command.Parameters.Add(Text("name", name));
        var records = await ReadAllAsync(command, cancellationToken);
        return records.Count == 0 ? null : records[0];
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM reminders");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task WriteAsync(string owner, IReadOnlyList<ReminderWriteOperation> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var n = batch.Count;
        var write = new NpgsqlBatchCommand(WriteSql);
        write.Parameters.Add(Ints("idx", [.. Enumerable.Range(0, n)]));
        write.Parameters.Add(Ints("kind", [.. batch.Select(o => (int)o.Kind)]));
        write.Parameters.Add(Texts("grain_type", [.. batch.Select(o => o.Record.GrainType)]));
        write.Parameters.Add(Texts("grain_key", [.. batch.Select(o => o.Record.GrainKey)]));
        write.Parameters.Add(Texts("name", [.. batch.Select(o => o.Record.Name)]));
        write.Parameters.Add(Ints("shard", [.. batch.Select(o => o.Record.Shard)]));
        write.Parameters.Add(Bigints("epoch", [.. batch.Select(o => o.Epoch)]));
        write.Parameters.Add(Bigints("start_at", [.. batch.Select(o => o.Record.StartAt)]));
        write.Parameters.Add(Bigints("due_at", [.. batch.Select(o => o.Record.DueAt)]));
        write.Parameters.Add(Bigints("period_ms", [.. batch.Select(o => o.Record.PeriodMs)]));
        write.Parameters.Add(Bigints("version", [.. batch.Select(o => o.Record.Version)]));
        write.Parameters.Add(Text("owner", owner));

        HashSet<(int Shard, long Epoch)> held;
        var applied = new bool[n];
        var versions = new long[n];
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // No explicit transaction: the batch runs as one implicit transaction that commits at its end, which saves
            // a COMMIT round trip. The reader is drained to the end, so a failed commit throws here.
            await using (var commands = new NpgsqlBatch(connection))
            {
                commands.BatchCommands.Add(PostgresFence.LockCommand(owner, batch.Select(o => (o.Record.Shard, o.Epoch))));
                commands.BatchCommands.Add(write);
                await using var reader = await commands.ExecuteReaderAsync(cancellationToken);
                held = await PostgresFence.ReadHeldAsync(reader, cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                Dictionary<(string, string, string), int>? upserts = null;
                while (await reader.ReadAsync(cancellationToken))
                {
                    var i = reader.GetInt32(0);
                    if (i < 0)
                    {
                        upserts ??= UpsertIndexes(batch);
                        i = upserts[(reader.GetString(2), reader.GetString(3), reader.GetString(4))];
                    }

                    applied[i] = true;
                    versions[i] = reader.GetInt64(1);
                }

                while (await reader.NextResultAsync(cancellationToken))
                {
                }
            }
        }
        catch
        {
            foreach (var op in batch)
            {
                op.Outcome = WriteOutcome.Pending;
            }

            throw;
        }

        for (var i = 0; i < n; i++)
        {
            var op = batch[i];
            op.Outcome = applied[i] ? WriteOutcome.Written
                : held.Contains((op.Record.Shard, op.Epoch)) ? WriteOutcome.VersionMismatch
                : WriteOutcome.NotOwner;
            if (applied[i] && op.Kind == ReminderWriteKind.Upsert)
            {
                op.NewVersion = versions[i];
            }
        }
    }

    private static Dictionary<(string, string, string), int> UpsertIndexes(IReadOnlyList<ReminderWriteOperation> batch)
    {
        var indexes = new Dictionary<(string, string, string), int>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Kind == ReminderWriteKind.Upsert)
            {
                indexes[(batch[i].Record.GrainType, batch[i].Record.GrainKey, batch[i].Record.Name)] = i;
            }
        }

        return indexes;
    }

    private static async Task<List<ReminderRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ReminderRecord>();
        // Grain types and reminder names repeat across rows: share one string each instead of keeping one per
        // near-due reminder in memory (a horizon holds hundreds of thousands).
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ReminderRecord
            {
                GrainType = Share(shared, reader.GetString(0)),
                GrainKey = reader.GetString(1),
                Name = Share(shared, reader.GetString(2)),
                Shard = reader.GetInt32(3),
                StartAt = reader.GetInt64(4),
                DueAt = reader.GetInt64(5),
                PeriodMs = reader.GetInt64(6),
                Version = reader.GetInt64(7),
            });
        }

        return records;
    }

    private static string Share(Dictionary<string, string> shared, string value)
    {
        if (shared.TryGetValue(value, out var existing))
        {
            return existing;
        }

        if (shared.Count < 1024)
        {
            shared.Add(value, value);
        }

        return value;
    }
}
