namespace Orleans.Widgets.Runtime.Storage;

/// <summary>The status changes every membership table enforces the same way.</summary>
internal static class MembershipRules
{
    /// <summary>A silo moves itself only to active or left; dead is declared by others, joining is where rows start.</summary>
    public static void ThrowIfNotSelfTransition(MembershipStatus status)
    {
        if (status is not (MembershipStatus.Active or MembershipStatus.Left))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A silo moves itself only to Active or Left.");
        }
    }

    /// <summary>A new row starts joining or active; a row born dead or left would never have served.</summary>
    public static void ThrowIfNotRegistrable(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.SiloId);
        if (!entry.IsLive)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Status, "A silo registers as Joining or Active.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(entry.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(entry.Port, 65_535);
    }
}
