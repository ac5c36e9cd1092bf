using System.Globalization;
using Orleans.Widgets.Runtime.Storage.Schema;

namespace Orleans.Widgets.Runtime.Storage.Sqlite;

/// <summary>Applies the SQLite scripts; the writer lock serializes migrators, and the file lock keeps other processes out.</summary>
internal sealed class SqliteSchemaMigrator(SqliteDatabase database) : ISchemaMigrator
{
    // Two statements: SQLite resolves table names when it prepares, so one query cannot guard itself.
    private const string TableExistsSql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    private const string VersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_version";

    public int RequiredVersion { get; } = SchemaScripts.RequiredVersion(SchemaScripts.Sqlite);

    public Task<int> GetVersionAsync(CancellationToken cancellationToken)
        => database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = TableExistsSql;
            if (command.ExecuteScalar() is null)
            {
                return 0;
            }

            command.CommandText = VersionSql;
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }, cancellationToken);

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var version = 0;
        foreach (var script in SchemaScripts.For(SchemaScripts.Sqlite))
        {
            version = await database.WriteAsync(context =>
            {
                var current = context.Scalar(TableExistsSql) is null ? 0 : Convert.ToInt32(context.Scalar(VersionSql), CultureInfo.InvariantCulture);
                if (current >= script.Version)
                {
                    return current;
                }

                // Scripts run once, so they are not cached as prepared commands.
                using (var command = context.Transaction.Connection!.CreateCommand())
                {
                    command.Transaction = context.Transaction;
                    command.CommandText = script.Sql;
                    command.ExecuteNonQuery();
                }

                context.Execute("INSERT INTO schema_version (version) VALUES ($version)", ("$version", script.Version));
                return script.Version;
            }, cancellationToken);
        }

        return Math.Max(version, await GetVersionAsync(cancellationToken));
    }
}
