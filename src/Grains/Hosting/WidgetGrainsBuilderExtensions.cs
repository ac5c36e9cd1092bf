using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Grains.Widgets;

namespace Orleans.Widgets.Hosting;

/// <summary>Adds the widget domain to a silo.</summary>
public static class WidgetGrainsBuilderExtensions
{
    /// <summary>
    /// Adds the widget, device, kind index, coalescer, session and app grains and the services they use: the budget policy,
    /// the timeline provider resolver (built-in providers and HTTP), the tracker of background reload work, and
    /// background sessions (<see cref="SessionServiceCollectionExtensions.AddSessions"/>).
    /// </summary>
    public static WidgetsRuntimeBuilder AddWidgetGrains(this WidgetsRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGrainAssembly(typeof(WidgetGrain).Assembly);
        builder.Services.TryAddSingleton(BudgetPolicy.Default);
        builder.Services.TryAddSingleton<ReloadWorkTracker>();
        builder.Services.AddTimelineProviders();
        builder.Services.AddSessions();
        return builder;
    }
}
