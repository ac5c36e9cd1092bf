namespace Orleans.Widgets;

/// <summary>
/// Marks a grain interface method whose calls may run while another call of the same activation awaits, instead of
/// waiting for it to finish (Orleans' <c>[AlwaysInterleave]</c>). Use it for read-only or idempotent methods that
/// must not queue behind a long call; the method must be safe to run interleaved with any other.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class AlwaysInterleaveAttribute : Attribute;
