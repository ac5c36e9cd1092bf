using Orleans.Widgets.Hosting;
using Orleans.Widgets.TestSilo;
using Orleans.Widgets.TestSilo.Grains;

// The production silo plus a probe grain and endpoints that process-level tests drive over HTTP.
return await WidgetsSiloApplication.RunAsync(args, silo => silo
    .AddGrainAssembly(typeof(ProbeGrain).Assembly)
    .MapEndpoints(TestEndpoints.Map));
