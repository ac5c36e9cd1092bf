using System.Net;

namespace Orleans.Widgets.Client;

/// <summary>The server refused a request or failed; carries the HTTP status and the server's message.</summary>
public sealed class WidgetsApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WidgetsApiException()
        : this(0, "The request failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public WidgetsApiException(string message)
        : this(0, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WidgetsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an answer with <paramref name="statusCode"/> and the server's <paramref name="serverMessage"/>.</summary>
    public WidgetsApiException(HttpStatusCode statusCode, string serverMessage)
        : base($"{(int)statusCode} {statusCode}: {serverMessage}")
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status of the answer (0 when there was none).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's <c>error</c> message, or the answer's reason phrase when it sent none.</summary>
    public string? ServerMessage { get; }
}
