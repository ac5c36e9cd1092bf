using Npgsql;
using NpgsqlTypes;

namespace Orleans.Widgets.Runtime.Storage.Postgres;

/// <summary>Typed parameters, so arrays bind as the column types the statements unnest into.</summary>
internal static class PostgresParameters
{
    public static NpgsqlParameter Text(string name, string value) => new(name, NpgsqlDbType.Text) { Value = value };

    public static NpgsqlParameter Int(string name, int value) => new(name, NpgsqlDbType.Integer) { Value = value };

    public static NpgsqlParameter Bigint(string name, long value) => new(name, NpgsqlDbType.Bigint) { Value = value };

    public static NpgsqlParameter Bool(string name, bool value) => new(name, NpgsqlDbType.Boolean) { Value = value };

    public static NpgsqlParameter Texts(string name, string[] values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values };

    public static NpgsqlParameter Ints(string name, int[] values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = values };

    public static NpgsqlParameter Bigints(string name, long[] values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values };

    public static NpgsqlParameter NullableBigints(string name, long?[] values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values };

    public static NpgsqlParameter Bools(string name, bool[] values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = values };

    public static NpgsqlParameter Byteas(string name, byte[]?[] values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = values };
}
