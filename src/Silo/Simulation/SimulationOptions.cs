using System.Globalization;

namespace Orleans.Widgets.Silo.Simulation;

/// <summary>What a fleet simulation runs: how many widgets and devices, for how many days, from which seed.</summary>
internal sealed record SimulationOptions(int Widgets, int Days, int Seed, int Devices, int Shards)
{
    public const int MaxWidgets = 2_000_000;
    public const int MaxDays = 30;
    public const int DefaultShards = 8;

    /// <summary>The simulated clock starts here (a Monday, midnight UTC), so every run of a seed sees the same days.</summary>
    public static readonly DateTimeOffset Start = new(2030, 3, 4, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Events happen on this grid; the clock advances one step at a time.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    public const string Usage = """
        Usage: Orleans.Widgets.Silo simulate --widgets N --days D --seed S [--devices N] [--shards N]
          --widgets  widget instances in the fleet (1..2000000)
          --days     simulated days (1..30)
          --seed     seed of every random choice (an integer); the same seed gives the same report
          --devices  devices the widgets are spread over (1..widgets; default widgets/3)
          --shards   storage shards (1..256; default widgets/1000 within 8..128)
        """;

    /// <summary>
    /// About a thousand widgets a shard (8 … 128): a kind index holds its shard's widgets of a kind and is written
    /// whole on every registration, so registering a large fleet on few shards is quadratic.
    /// </summary>
    public static int DefaultShardsFor(int widgets) => Math.Clamp(widgets / 1_000, DefaultShards, 128);

    /// <summary>Parses <c>--name value</c> or <c>--name=value</c>; the error names the option.</summary>
    public static SimulationOptions Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        int? widgets = null, days = null, seed = null, devices = null, shards = null;
        error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            var arg = args[i];
            string name;
            string? value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
                value = i + 1 < args.Count ? args[++i] : null;
            }

            switch (name.ToLowerInvariant())
            {
                case "--widgets":
                    widgets = Number(name, value, 1, MaxWidgets, ref error);
                    break;
                case "--days":
                    days = Number(name, value, 1, MaxDays, ref error);
                    break;
                case "--seed":
                    seed = Number(name, value, int.MinValue, int.MaxValue, ref error);
                    break;
                case "--devices":
                    devices = Number(name, value, 1, int.MaxValue, ref error);
                    break;
                case "--shards":
                    shards = Number(name, value, 1, 256, ref error);
                    break;
                default:
                    error = $"unknown option '{name}'.";
                    break;
            }
        }

        if (error is null && widgets is null)
        {
            error = "--widgets is required.";
        }
        else if (error is null && days is null)
        {
            error = "--days is required.";
        }
        else if (error is null && seed is null)
        {
            error = "--seed is required.";
        }
        else if (error is null && devices > widgets)
        {
            error = $"--devices must be between 1 and --widgets ({widgets}) (was {devices}).";
        }

        if (error is not null)
        {
            return new SimulationOptions(1, 1, 0, 1, DefaultShards);
        }

        return new SimulationOptions(widgets!.Value, days!.Value, seed!.Value, devices ?? Math.Max(1, widgets.Value / 3), shards ?? DefaultShardsFor(widgets.Value));
    }

    private static int? Number(string name, string? value, int min, int max, ref string? error)
    {
        if (value is not null && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        error = min == int.MinValue
            ? $"{name} must be an integer (was '{value}')."
            : $"{name} must be an integer between {min} and {max} (was '{value}').";
        return null;
    }
}
