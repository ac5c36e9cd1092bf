namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>A call never reached the socket (the connection closed first); it can be sent again elsewhere.</summary>
internal sealed class CallNotSentException : Exception
{
    public CallNotSentException(Exception reason)
        : base("The call was not sent: " + reason.Message, reason)
    {
    }

    public CallNotSentException()
    {
    }

    public CallNotSentException(string message)
        : base(message)
    {
    }

    public CallNotSentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
