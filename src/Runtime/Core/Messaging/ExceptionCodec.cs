using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime.Messaging;

/// <summary>
/// Carries an exception across as its type name and message. Well-known types come back as themselves; any other as a
/// <see cref="RemoteGrainException"/> naming the original type.
/// </summary>
internal static class ExceptionCodec
{
    public static void Write(WireWriter writer, Exception exception)
    {
        var inner = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        writer.WriteString(inner.GetType().FullName ?? inner.GetType().Name);
        writer.WriteString(inner.Message);
    }

    public static Exception Read(WireReader reader)
    {
        var type = reader.ReadRequiredString();
        var message = reader.ReadString() ?? string.Empty;
        return Create(type, message);
    }

    public static Exception Create(string type, string message) => type switch
    {
        "System.ArgumentException" => new ArgumentException(message),
        "System.ArgumentNullException" => new ArgumentException(message),
        "System.ArgumentOutOfRangeException" => new ArgumentOutOfRangeException(null, message),
        "System.Collections.Generic.KeyNotFoundException" => new KeyNotFoundException(message),
        "System.InvalidOperationException" => new InvalidOperationException(message),
        "System.NotSupportedException" => new NotSupportedException(message),
        "System.TimeoutException" => new TimeoutException(message),
        "System.OperationCanceledException" or "System.Threading.Tasks.TaskCanceledException" => new OperationCanceledException(message),
        "Orleans.Widgets.Runtime.ShardUnavailableException" => new ShardUnavailableException(message),
        "Orleans.Widgets.Runtime.SiloUnavailableException" => new SiloUnavailableException(message),
        "Orleans.Widgets.Runtime.RemoteGrainException" => new RemoteGrainException(message),
        "Orleans.Widgets.Storage.InconsistentStateException" => new global::Orleans.Widgets.Storage.InconsistentStateException(message),
        "Orleans.Widgets.Storage.ShardNotOwnedException" => new global::Orleans.Widgets.Storage.ShardNotOwnedException(message),
        _ => new RemoteGrainException(type, message),
    };
}
