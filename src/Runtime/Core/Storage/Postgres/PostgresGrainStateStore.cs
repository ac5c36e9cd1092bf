using Npgsql;
using static Orleans.Widgets.Runtime.Storage.Postgres.PostgresParameters;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

/// <summary>
/// State batches as one transaction of two statements sent together: the fence lock, then one statement for the whole
/// batch from unnested arrays. A batch of updates only (the hot path: grains rewriting their rows) runs a plain
/// UPDATE; one that also inserts rows or removes reminders runs a statement that does all three.
/// </summary>
internal sealed class PostgresGrainStateStore(NpgsqlDataSource dataSource) : IGrainStateStore
{
    // Unnest in the select list streams the rows; unnest(a, b, ...) in FROM first copies the batch into a tuplestore.
    private const string UpdateRows = """
        SELECT unnest(@idx) AS idx, unnest(@grain_type) AS grain_type, unnest(@grain_key) AS grain_key,
               unnest(@state_name) AS state_name, unnest(@shard) AS shard, unnest(@epoch) AS epoch,
               unnest(@expected) AS expected, unnest(@payload) AS payload
        """;

    // Runs after the fence statement in the same transaction: the lease rows that passed are locked, and
    // (shard, epoch) pairs that failed can never pass later since epochs only grow, so re-checking is exact.
    private static readonly string UpdateSql = $"""
        UPDATE grain_state g SET version = o.expected + 1, payload = o.payload
        FROM ({UpdateRows}) o
        WHERE g.grain_type = o.grain_type AND g.grain_key = o.grain_key AND g.state_name = o.state_name
          AND g.version = o.expected AND {PostgresFence.Holds("o")}
        RETURNING o.idx
        """;

    private static readonly string WriteSql = $"""
        WITH o AS (
            SELECT * FROM ({UpdateRows}, unnest(@remove_reminders) AS remove_reminders) o
            WHERE {PostgresFence.Holds("o")}
        ),
        updated AS (
            UPDATE grain_state g SET version = o.expected + 1, payload = o.payload
            FROM o
            WHERE o.expected IS NOT NULL AND g.grain_type = o.grain_type AND g.grain_key = o.grain_key
              AND g.state_name = o.state_name AND g.version = o.expected
            RETURNING o.idx, o.grain_type, o.grain_key, o.remove_reminders AND o.payload IS NULL AS remove_reminders
        ),
        inserted AS (
            INSERT INTO grain_state (grain_type, grain_key, state_name, shard, version, payload)
            SELECT grain_type, grain_key, state_name, shard, 1, payload FROM o WHERE expected IS NULL
            ON CONFLICT DO NOTHING
            RETURNING grain_type, grain_key, state_name
        ),
        applied AS (
            SELECT idx, grain_type, grain_key, remove_reminders FROM updated
            UNION ALL
            SELECT o.idx, o.grain_type, o.grain_key, o.remove_reminders AND o.payload IS NULL
            FROM inserted i JOIN o ON o.grain_type = i.grain_type AND o.grain_key = i.grain_key AND o.state_name = i.state_name
        ),
        removed AS (
            DELETE FROM reminders r USING applied a
            WHERE a.remove_reminders AND r.grain_type = a.grain_type AND r.grain_key = a.grain_key
        )
        SELECT idx FROM applied
        """;

    public async Task<GrainStateRecord?> ReadAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, payload FROM grain_state WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name");
        command.Parameters.Add(Text("grain_type", grainType));
        command.Parameters.Add(Text("grain_key", grainKey));
        command.Parameters.Add(Text("state_name", stateName));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new GrainStateRecord(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
    }

    public async Task WriteAsync(string owner, IReadOnlyList<StateWriteOperation> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var n = batch.Count;
        var idx = new int[n];
        var grainTypes = new string[n];
        var grainKeys = new string[n];
        var stateNames = new string[n];
        var shards = new int[n];
        var epochs = new long[n];
        var expected = new long?[n];
        var payloads = new byte[]?[n];
        var removeReminders = new bool[n];
        var updatesOnly = true;
        for (var i = 0; i < n; i++)
        {
            var op = batch[i];
            idx[i] = i;
            grainTypes[i] = op.GrainType;
            grainKeys[i] = op.GrainKey;
            stateNames[i] = op.StateName;
            shards[i] = op.Fence.Shard;
            epochs[i] = op.Fence.Epoch;
            expected[i] = op.ExpectedVersion;
            payloads[i] = op.Payload;
            removeReminders[i] = op.RemoveReminders;
            updatesOnly &= op.ExpectedVersion is not null && !(op.RemoveReminders && op.Payload is null);
        }

        var write = new NpgsqlBatchCommand(updatesOnly ? UpdateSql : WriteSql);
        write.Parameters.Add(Ints("idx", idx));
        write.Parameters.Add(Texts("grain_type", grainTypes));
        write.Parameters.Add(Texts("grain_key", grainKeys));
        write.Parameters.Add(Texts("state_name", stateNames));
        write.Parameters.Add(Ints("shard", shards));
        write.Parameters.Add(Bigints("epoch", epochs));
        write.Parameters.Add(NullableBigints("expected", expected));
        write.Parameters.Add(Byteas("payload", payloads));
        if (!updatesOnly)
        {
            write.Parameters.Add(Bools("remove_reminders", removeReminders));
        }

        write.Parameters.Add(Text("owner", owner));

        HashSet<(int Shard, long Epoch)> held;
        var applied = new bool[n];
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // No explicit transaction: the batch runs as one implicit transaction that commits at its end, which saves
            // a COMMIT round trip. The reader is drained to the end, so a failed commit throws here.
            await using (var commands = new NpgsqlBatch(connection))
            {
                commands.BatchCommands.Add(PostgresFence.LockCommand(owner, batch.Select(o => (o.Fence.Shard, o.Fence.Epoch))));
                commands.BatchCommands.Add(write);
                await using var reader = await commands.ExecuteReaderAsync(cancellationToken);
                held = await PostgresFence.ReadHeldAsync(reader, cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied[reader.GetInt32(0)] = true;
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
                : held.Contains((op.Fence.Shard, op.Fence.Epoch)) ? WriteOutcome.VersionMismatch
                : WriteOutcome.NotOwner;
        }
    }
}
