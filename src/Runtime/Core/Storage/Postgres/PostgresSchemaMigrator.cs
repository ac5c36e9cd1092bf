using Npgsql;
using Orleans.Widgets.Runtime.Storage.Schema;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

/// <summary>
/// Applies the PostgreSQL scripts, each in its own transaction, under a session advisory lock taken before the
/// first one, so silos or migrate commands started together apply each script exactly once.
/// </summary>
/// <remarks>
/// The lock is taken outside the scripts' transactions on purpose: waiting for an advisory lock does not refresh a
/// transaction's view of the catalog, so a transaction that waited for another migrator could still see no tables and
/// apply the first script again. Each transaction begun after the wait sees what the other migrator committed.
/// </remarks>
internal sealed class PostgresSchemaMigrator(NpgsqlDataSource dataSource) : ISchemaMigrator
{
    // An arbitrary constant that names "the Orleans.Widgets schema" among advisory locks.
    private const long MigrationLockKey = 0x5769_6467_6574_7331;

    // Two statements: PostgreSQL resolves table names when it parses, so one query cannot guard itself with to_regclass.
    private const string TableExistsSql = "SELECT to_regclass('schema_version') IS NOT NULL";

    private const string VersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_version";

    public int RequiredVersion { get; } = SchemaScripts.RequiredVersion(SchemaScripts.Postgres);

    public async Task<int> GetVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var version = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            foreach (var script in SchemaScripts.For(SchemaScripts.Postgres))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                version = await ReadVersionAsync(connection, transaction, cancellationToken);
                if (version >= script.Version)
                {
                    await transaction.CommitAsync(cancellationToken);
                    continue;
                }

                await using (var apply = new NpgsqlCommand(script.Sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version) VALUES (@version)", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", script.Version);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                version = script.Version;
            }

            return Math.Max(version, await ReadVersionAsync(connection, null, cancellationToken));
        }
        finally
        {
            // Closing the connection would release it too; pooled connections stay open.
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", MigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand(TableExistsSql, connection, transaction))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        await using var command = new NpgsqlCommand(VersionSql, connection, transaction);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
