using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>The timeline providers' ActivitySource and Meter (both named <see cref="Name"/>) and their instruments.</summary>
internal static class ProviderInstruments
{
    public const string Name = "Orleans.Widgets.Providers";

    public const string ProviderTypeHttp = "http";

    public const string ProviderTypeBuiltin = "builtin";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(
        "widgets.provider.call.duration", "s", "Duration of timeline provider calls (one per batch).");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "widgets.provider.errors", "{error}", "Failed provider calls and widgets a provider answered with a failure, by error.type.");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "widgets.provider.batch.size", "{widget}", "Widgets per provider call.");
}
