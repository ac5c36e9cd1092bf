namespace Orleans.Widgets.Silo.Hosting;

/// <summary>
/// Operator shorthands on the command line, turned into the settings they stand for:
/// <c>--cluster postgres</c>, <c>--database "&lt;connection string&gt;"</c>, <c>--port N</c> (HTTP API) and
/// <c>--silo-port N</c> (silo-to-silo and client connections). Both <c>--name value</c> and <c>--name=value</c> work;
/// every other argument passes through unchanged.
/// </summary>
internal static class SiloShorthands
{
    /// <summary>Expands the shorthands in <paramref name="args"/>.</summary>
    /// <exception cref="CommandLineException">A shorthand without a value, or with a value it cannot take.</exception>
    public static string[] Expand(IReadOnlyList<string> args)
    {
        var expanded = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!TrySplit(arg, out var name, out var inlineValue))
            {
                expanded.Add(arg);
                continue;
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new CommandLineException($"--{name} needs a value.");
            }

            expanded.AddRange(Settings(name, value));
        }

        return [.. expanded];
    }

    private static bool TrySplit(string arg, out string name, out string? value)
    {
        name = string.Empty;
        value = null;
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var body = arg[2..];
        var equals = body.IndexOf('=', StringComparison.Ordinal);
        var candidate = (equals < 0 ? body : body[..equals]).ToLowerInvariant();
        if (candidate is not ("cluster" or "database" or "port" or "silo-port"))
        {
            return false;
        }

        name = candidate;
        value = equals < 0 ? null : body[(equals + 1)..];
        return true;
    }

    private static IEnumerable<string> Settings(string name, string value) => name switch
    {
        "cluster" when string.Equals(value, "postgres", StringComparison.OrdinalIgnoreCase) =>
            ["--Widgets:Cluster:Enabled=true", "--Widgets:Storage:Provider=Postgres"],
        "cluster" => throw new CommandLineException($"--cluster '{value}' is not a cluster store; clusters run on 'postgres'."),
        "database" when !string.IsNullOrWhiteSpace(value) => [$"--Widgets:Storage:ConnectionString={value}"],
        "database" => throw new CommandLineException("--database needs a connection string."),
        "port" => [$"--Widgets:Port={Port(name, value)}"],
        "silo-port" => [$"--Widgets:Cluster:Port={Port(name, value)}"],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static int Port(string name, string value)
        => int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new CommandLineException($"--{name} '{value}' is not a port number (0-65535).");
}

/// <summary>A command-line argument the silo cannot use; the message names it.</summary>
internal sealed class CommandLineException(string message) : Exception(message);
