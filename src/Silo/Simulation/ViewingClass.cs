namespace Orleans.Widgets.Silo.Simulation;

/// <summary>How often a device's user looks at the home screen.</summary>
internal enum ViewingClass
{
    /// <summary>Every 15–60 minutes while awake.</summary>
    Frequent,

    /// <summary>A few times a day (every 2–6 waking hours).</summary>
    Occasional,

    /// <summary>Once every 1.5–4 days.</summary>
    Rare,
}
