namespace Orleans.Widgets.TestSilo.Grains;

/// <summary>The persistent state of <see cref="ProbeGrain"/>.</summary>
public sealed class ProbeState
{
    /// <summary>The last value written.</summary>
    public string? Value { get; set; }

    /// <summary>The process id of the silo that delivered each reminder tick.</summary>
    public List<int> Ticks { get; set; } = [];
}
