namespace Orleans.Widgets.Grains.Sessions;

/// <summary>A download's connection was refused by the address rules before any byte was sent.</summary>
public sealed class SessionDownloadRefusedException : Exception
{
    public SessionDownloadRefusedException()
    {
    }

    public SessionDownloadRefusedException(string message)
        : base(message)
    {
    }

    public SessionDownloadRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
