using Microsoft.Data.Sqlite;

namespace Orleans.Widgets.Runtime.Storage.Sqlite;

/// <summary>The open write transaction handed to a write: commands come prepared and cached on the writer connection.</summary>
internal readonly struct SqliteWriteContext(SqliteDatabase database, SqliteTransaction transaction)
{
    public SqliteTransaction Transaction => transaction;

    public SqliteCommand Command(string sql) => database.WriterCommand(sql, transaction);

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Bind(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Bind(sql, parameters);
        return command.ExecuteScalar();
    }

    public SqliteCommand Bind(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Whether (owner, shard, epoch) holds, inside this transaction (so no taker can commit in between).</summary>
    public bool Holds(string owner, int shard, long epoch)
        => Scalar(
            "SELECT 1 FROM shard_leases WHERE shard = $shard AND epoch = $epoch AND owner = $owner",
            ("$shard", shard),
            ("$epoch", epoch),
            ("$owner", owner)) is not null;
}
