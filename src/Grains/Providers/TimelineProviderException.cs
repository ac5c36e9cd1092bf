namespace Orleans.Widgets.Grains.Providers;

/// <summary>How a whole provider call failed.</summary>
public enum TimelineProviderErrorKind
{
    /// <summary>The provider did not answer within the timeout.</summary>
    Timeout,

    /// <summary>The provider could not be reached (connection refused, DNS, TLS, connection reset).</summary>
    Unreachable,

    /// <summary>The provider answered with a status code outside 2xx.</summary>
    HttpStatus,

    /// <summary>The answer was not the expected JSON.</summary>
    MalformedAnswer,

    /// <summary>The answer was larger than the configured limit.</summary>
    AnswerTooLarge,
}

/// <summary>
/// A provider call failed as a whole: every widget of the batch keeps its old timeline and the caller retries
/// with backoff.
/// </summary>
public sealed class TimelineProviderException : Exception
{
    /// <summary>Creates an exception with no details (for serializers and tooling).</summary>
    public TimelineProviderException()
        : this(TimelineProviderErrorKind.MalformedAnswer, "the timeline provider failed")
    {
    }

    /// <summary>Creates an exception with a message and no details.</summary>
    public TimelineProviderException(string message)
        : this(TimelineProviderErrorKind.MalformedAnswer, message)
    {
    }

    /// <summary>Creates an exception with a message, a cause and no details.</summary>
    public TimelineProviderException(string message, Exception innerException)
        : this(TimelineProviderErrorKind.MalformedAnswer, message, null, innerException)
    {
    }

    /// <summary>Creates an exception of <paramref name="kind"/>.</summary>
    /// <param name="kind">How the call failed.</param>
    /// <param name="message">What happened, for operators (status code, parse error with an excerpt, timeout).</param>
    /// <param name="statusCode">The HTTP status code with <see cref="TimelineProviderErrorKind.HttpStatus"/>.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public TimelineProviderException(TimelineProviderErrorKind kind, string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    /// <summary>How the call failed.</summary>
    public TimelineProviderErrorKind Kind { get; }

    /// <summary>The HTTP status code, when the provider answered with one outside 2xx.</summary>
    public int? StatusCode { get; }

    /// <summary>A low-cardinality name of the failure for the <c>error.type</c> attribute.</summary>
    public string ErrorType => Kind switch
    {
        TimelineProviderErrorKind.HttpStatus when StatusCode is int code => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TimelineProviderErrorKind.Timeout => "timeout",
        TimelineProviderErrorKind.Unreachable => "unreachable",
        TimelineProviderErrorKind.AnswerTooLarge => "answer_too_large",
        _ => "malformed_answer",
    };
}
