namespace Orleans.Widgets.Grains.Sessions;

/// <summary>Grain keys and identifiers of background sessions.</summary>
public static class SessionKeys
{
    /// <summary>The longest session identifier or task id.</summary>
    public const int MaxIdentifierLength = 128;

    /// <summary>The key of the session <paramref name="identifier"/> of <paramref name="app"/>; it lives in its key's shard.</summary>
    public static string Session(string app, string identifier) => $"{app}/{identifier}";

    /// <summary>Why <paramref name="value"/> is not a valid identifier (1-128 of <c>A-Z a-z 0-9 . _ -</c>), or <see langword="null"/>.</summary>
    public static string? Validate(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"{what} is required";
        }

        if (value.Length > MaxIdentifierLength)
        {
            return $"{what} must be at most {MaxIdentifierLength} characters";
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return $"{what} may contain only A-Z, a-z, 0-9, '.', '_' and '-'";
            }
        }

        return null;
    }
}
