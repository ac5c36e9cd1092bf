namespace Orleans.Widgets.Grains.Widgets;

/// <summary>Grain keys of the widget domain. Partitioned grains carry their shard so they live beside their widgets.</summary>
public static class WidgetKeys
{
    public static string Widget(string app, string widgetId) => $"{app}/{widgetId}";

    public static string Device(string app, string device) => $"{app}/{device}";

    public static string Partition(int shard, string app, string kind) => $"#{shard}/{app}/{kind}";
}
