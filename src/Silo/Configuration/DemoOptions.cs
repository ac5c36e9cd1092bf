namespace Orleans.Widgets.Silo.Configuration;

/// <summary>The demo app (section <c>Widgets:Demo</c>): on for the plain run command, off in production settings.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Widgets:Demo";

    /// <summary>Whether the silo creates the demo app with the game widget and one widget of it.</summary>
    public bool Enabled { get; set; }
}
