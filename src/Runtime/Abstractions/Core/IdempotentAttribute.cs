namespace Orleans.Widgets;

/// <summary>
/// Marks a grain interface method that is safe to run more than once: a client may resend its call to another silo
/// when the connection it was sent on fails before the response arrived.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class IdempotentAttribute : Attribute;
