using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Orleans.Widgets.Runtime.Storage.Schema;

/// <summary>The schema scripts embedded in this assembly, per engine, ordered by version.</summary>
internal static partial class SchemaScripts
{
    public const string Postgres = "Postgres";

    public const string Sqlite = "Sqlite";

    private static readonly Lazy<IReadOnlyList<SchemaScript>> PostgresScripts = new(() => Load(Postgres));

    private static readonly Lazy<IReadOnlyList<SchemaScript>> SqliteScripts = new(() => Load(Sqlite));

    public static IReadOnlyList<SchemaScript> For(string engine) => engine switch
    {
        Postgres => PostgresScripts.Value,
        Sqlite => SqliteScripts.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown storage engine."),
    };

    /// <summary>The highest script version of an engine: the schema version this build needs.</summary>
    public static int RequiredVersion(string engine)
    {
        var scripts = For(engine);
        return scripts.Count == 0 ? 0 : scripts[^1].Version;
    }

    private static List<SchemaScript> Load(string engine)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var marker = $".Storage.Schema.{engine}.";
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var at = resource.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var fileName = resource[(at + marker.Length)..];
            var match = ScriptName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Schema script '{resource}' is not named NNN_description.sql.");
            }

            scripts.Add(new SchemaScript(
                int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                fileName,
                ReadText(assembly, resource)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            // A gap or duplicate would leave a database between versions no build knows.
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"The {engine} schema scripts must be numbered 1, 2, 3, ... without gaps; found '{scripts[i].Name}'.");
            }
        }

        return scripts;
    }

    private static string ReadText(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Schema script '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(\d+)_[A-Za-z0-9_\-]+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptName();
}
