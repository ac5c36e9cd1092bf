namespace Orleans.Widgets.Silo.Hosting;

/// <summary>What the command line asks for.</summary>
internal enum SiloVerb
{
    Run,
    Migrate,
    Simulate,
    Status,
    Help,
    Unknown,
}

/// <summary>Splits the command line into a verb and configuration arguments.</summary>
internal static class SiloVerbParser
{
    public static (SiloVerb Verb, string[] Configuration) Parse(string[] args)
    {
        // No verb, or a first argument that is already a setting (--Widgets:Port=1 or Widgets:Port=1): run.
        if (args.Length == 0 || (args[0].StartsWith('-') && !IsHelp(args[0])) || args[0].Contains('=', StringComparison.Ordinal))
        {
            return (SiloVerb.Run, args);
        }

        var rest = args[1..];
        return args[0].ToLowerInvariant() switch
        {
            "run" => (SiloVerb.Run, rest),
            "migrate" => (SiloVerb.Migrate, rest),
            "simulate" => (SiloVerb.Simulate, rest),
            "status" => (SiloVerb.Status, rest),
            _ when IsHelp(args[0]) => (SiloVerb.Help, rest),
            _ => (SiloVerb.Unknown, args),
        };
    }

    private static bool IsHelp(string arg) => arg is "help" or "--help" or "-h" or "-?";
}
