using Orleans.Widgets.Hosting;

return await WidgetsSiloApplication.RunAsync(args);
