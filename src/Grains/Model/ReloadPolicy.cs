namespace Orleans.Widgets.Grains.Model;

/// <summary>When the runtime asks the provider for a new timeline.</summary>
public enum ReloadPolicyType
{
    /// <summary>After the last entry's date.</summary>
    AtEnd,

    /// <summary>No sooner than <see cref="ReloadPolicy.Date"/>.</summary>
    After,

    /// <summary>Only when an app server asks.</summary>
    Never,
}

/// <summary>A timeline's reload policy.</summary>
public sealed record ReloadPolicy(ReloadPolicyType Type, DateTimeOffset? Date = null)
{
    /// <summary>Reload after the last entry.</summary>
    public static ReloadPolicy AtEnd { get; } = new(ReloadPolicyType.AtEnd);

    /// <summary>Never reload unless asked.</summary>
    public static ReloadPolicy Never { get; } = new(ReloadPolicyType.Never);

    /// <summary>Reload no sooner than <paramref name="date"/>.</summary>
    public static ReloadPolicy After(DateTimeOffset date) => new(ReloadPolicyType.After, date);
}
