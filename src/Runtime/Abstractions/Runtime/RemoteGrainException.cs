namespace Orleans.Widgets.Runtime;

/// <summary>A grain call on another silo failed with an exception this process does not rethrow as its own type.</summary>
public sealed class RemoteGrainException : Exception
{
    /// <summary>Creates the exception for a remote exception of type <paramref name="originalTypeName"/>.</summary>
    public RemoteGrainException(string originalTypeName, string message)
        : base(message) => OriginalTypeName = originalTypeName;

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException()
    {
        OriginalTypeName = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string message)
        : base(message) => OriginalTypeName = string.Empty;

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string message, Exception innerException)
        : base(message, innerException) => OriginalTypeName = string.Empty;

    /// <summary>The full name of the exception type thrown on the remote side.</summary>
    public string OriginalTypeName { get; }
}
