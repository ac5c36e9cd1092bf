namespace Orleans.Widgets;

/// <summary>Marker for grain interfaces: every interface a grain is called through derives from it.</summary>
public interface IGrain;
