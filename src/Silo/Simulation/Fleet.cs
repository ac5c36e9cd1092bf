using System.Globalization;

namespace Orleans.Widgets.Silo.Simulation;

/// <summary>
/// The simulated fleet, drawn from the seed: devices with their viewing class, time zone and waking hours, and the
/// widgets on each (kind, configuration, home-screen page).
/// </summary>
internal sealed class Fleet
{
    public const string WidgetPrefix = "w";
    public const string DevicePrefix = "d";

    private readonly byte[] _kind;
    private readonly byte[] _page;
    private readonly short[] _value;
    private readonly int[] _device;

    public Fleet(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        WidgetCount = options.Widgets;
        _kind = new byte[options.Widgets];
        _page = new byte[options.Widgets];
        _value = new short[options.Widgets];
        _device = new int[options.Widgets];
        var devices = new SimulatedDevice[options.Devices];
        for (var d = 0; d < devices.Length; d++)
        {
            var first = (int)((long)d * options.Widgets / options.Devices);
            var next = (int)((long)(d + 1) * options.Widgets / options.Devices);
            var roll = random.NextDouble();
            var viewing = roll < 0.3 ? ViewingClass.Frequent : roll < 0.75 ? ViewingClass.Occasional : ViewingClass.Rare;
            var offset = random.Next(-8, 10) * 60;
            var wake = (6 * 60) + (random.Next(0, 13) * 15);
            var sleep = (22 * 60) + (random.Next(0, 11) * 15);
            devices[d] = new SimulatedDevice(d, viewing, offset, wake, sleep, first, next - first);
            for (var w = first; w < next; w++)
            {
                var kindRoll = random.NextDouble();
                _kind[w] = (byte)(kindRoll < 0.3 ? 0 : kindRoll < 0.6 ? 1 : kindRoll < 0.8 ? 2 : 3);
                _page[w] = (byte)(random.NextDouble() < 0.7 ? 0 : 1);
                _value[w] = (short)random.Next(SimulatedKinds.Configuration(SimulatedKinds.All[_kind[w]]).Values);
                _device[w] = d;
            }
        }

        Devices = devices;
    }

    public IReadOnlyList<SimulatedDevice> Devices { get; }

    public int WidgetCount { get; }

    public static string WidgetId(int widget) => WidgetPrefix + widget.ToString(CultureInfo.InvariantCulture);

    public string Kind(int widget) => SimulatedKinds.All[_kind[widget]];

    public int KindIndex(int widget) => _kind[widget];

    /// <summary>The home-screen page the widget is on (0: the first page, shown in every session).</summary>
    public int Page(int widget) => _page[widget];

    public string Family(int widget) => (widget & 1) == 0 ? "systemSmall" : "systemMedium";

    public SimulatedDevice DeviceOf(int widget) => Devices[_device[widget]];

    public IReadOnlyDictionary<string, string> Configuration(int widget)
    {
        var (key, _) = SimulatedKinds.Configuration(Kind(widget));
        return new Dictionary<string, string>(StringComparer.Ordinal) { [key] = ConfigurationValue(key, _value[widget]) };
    }

    public static string ConfigurationValue(string key, int value) => key[0] + value.ToString(CultureInfo.InvariantCulture);
}
