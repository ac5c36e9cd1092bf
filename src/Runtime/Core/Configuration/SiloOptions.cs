namespace Orleans.Widgets.Runtime.Configuration;

/// <summary>Identity of this silo (section <c>Widgets:Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Widgets:Silo";

    /// <summary>A readable name; the silo id adds a generation so restarts are distinct owners. Defaults to the host name.</summary>
    public string? Name { get; set; }
}
