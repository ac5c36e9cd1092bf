using Microsoft.Data.Sqlite;

namespace Orleans.Widgets.Runtime.Storage.Sqlite;

internal sealed class SqliteGrainStateStore(SqliteDatabase database) : IGrainStateStore
{
    private const string UpdateSql =
        "UPDATE grain_state SET version = $new_version, payload = $payload " +
        "WHERE grain_type = $grain_type AND grain_key = $grain_key AND state_name = $state_name AND version = $expected";

    private const string InsertSql =
        "INSERT INTO grain_state (grain_type, grain_key, state_name, shard, version, payload) " +
        "VALUES ($grain_type, $grain_key, $state_name, $shard, 1, $payload) ON CONFLICT DO NOTHING";

    private const string DeleteRemindersSql = "DELETE FROM reminders WHERE grain_type = $grain_type AND grain_key = $grain_key";

    public Task<GrainStateRecord?> ReadAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken)
        => database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version, payload FROM grain_state WHERE grain_type = $grain_type AND grain_key = $grain_key AND state_name = $state_name";
            command.Parameters.AddWithValue("$grain_type", grainType);
            command.Parameters.AddWithValue("$grain_key", grainKey);
            command.Parameters.AddWithValue("$state_name", stateName);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new GrainStateRecord(reader.GetInt64(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1))
                : null;
        }, cancellationToken);

    public async Task WriteAsync(string owner, IReadOnlyList<StateWriteOperation> batch, CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await database.WriteAsync(context =>
            {
                var fences = new Dictionary<ShardFence, bool>();
                var result = new WriteOutcome[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    result[i] = Apply(context, owner, batch[i], fences);
                }

                return result;
            }, cancellationToken);

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome = outcomes[i];
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

    private static WriteOutcome Apply(SqliteWriteContext context, string owner, StateWriteOperation op, Dictionary<ShardFence, bool> fences)
    {
        if (!fences.TryGetValue(op.Fence, out var holds))
        {
            holds = context.Holds(owner, op.Fence.Shard, op.Fence.Epoch);
            fences[op.Fence] = holds;
        }

        if (!holds)
        {
            return WriteOutcome.NotOwner;
        }

        var changed = op.ExpectedVersion is { } expected
            ? context.Execute(
                UpdateSql,
                ("$new_version", op.NewVersion),
                ("$payload", op.Payload),
                ("$grain_type", op.GrainType),
                ("$grain_key", op.GrainKey),
                ("$state_name", op.StateName),
                ("$expected", expected))
            : context.Execute(
                InsertSql,
                ("$grain_type", op.GrainType),
                ("$grain_key", op.GrainKey),
                ("$state_name", op.StateName),
                ("$shard", op.Fence.Shard),
                ("$payload", op.Payload));
        if (changed == 0)
        {
            return WriteOutcome.VersionMismatch;
        }

        if (op.Payload is null && op.RemoveReminders)
        {
            context.Execute(DeleteRemindersSql, ("$grain_type", op.GrainType), ("$grain_key", op.GrainKey));
        }

        return WriteOutcome.Written;
    }
}
