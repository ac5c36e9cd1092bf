namespace Orleans.Widgets.Grains.Sessions;

/// <summary>How one download attempt ended: content, or a failure that is worth retrying (transient) or not.</summary>
public sealed record SessionDownloadOutcome(byte[]? Content, string? ContentType, string? Failure, bool Transient, bool Refused)
{
    /// <summary>Whether the attempt got the content.</summary>
    public bool Succeeded => Failure is null;

    public static SessionDownloadOutcome Success(byte[] content, string? contentType) => new(content, contentType, null, false, false);

    /// <summary>Connect failure, timeout, 408, 429 or 5xx.</summary>
    public static SessionDownloadOutcome Retry(string failure) => new(null, null, failure, true, false);

    /// <summary>Other 4xx, too large, too many redirects.</summary>
    public static SessionDownloadOutcome Fail(string failure) => new(null, null, failure, false, false);

    /// <summary>A scheme, host or address the rules refuse.</summary>
    public static SessionDownloadOutcome Refuse(string failure) => new(null, null, "refused: " + failure, false, true);
}
