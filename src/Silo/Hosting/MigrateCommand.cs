using Microsoft.Extensions.Options;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Silo.Hosting;

/// <summary>The <c>migrate</c> verb: opens the configured store, applies its schema scripts and prints the version.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] settings)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        // The same configuration sources and validation as a running silo, without starting it.
        await using var app = WidgetsSiloApplication.CreateBuilder(settings).Build();
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var time = app.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(SiloLog.Category);

        await using var store = await RuntimeStoreFactory.OpenAsync(storage, time, cancellation.Token);
        var before = await store.Schema.GetVersionAsync(cancellation.Token);
        var after = await store.Schema.MigrateAsync(cancellation.Token);
        SiloLog.Migrated(logger, store.Description, before, after, store.Schema.RequiredVersion);
        await Console.Out.WriteLineAsync($"Schema version {after}");
        return 0;
    }
}
