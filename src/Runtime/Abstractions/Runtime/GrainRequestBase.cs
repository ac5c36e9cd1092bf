using System.ComponentModel;
using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime;

/// <summary>One call to one grain method, with its arguments. Generated proxies derive one class per method.</summary>
public abstract class GrainRequestBase
{
    /// <summary>The grain interface the method belongs to.</summary>
    public abstract Type InterfaceType { get; }

    /// <summary>The method's name, for telemetry and errors.</summary>
    public abstract string MethodName { get; }

    /// <summary>Whether the call may run while another call of the same activation awaits (Orleans' <c>[AlwaysInterleave]</c>).</summary>
    public virtual bool AlwaysInterleave => false;

    /// <summary>Whether the method is marked <c>[Idempotent]</c>: a client may resend the call after a connection failure.</summary>
    public virtual bool IsIdempotent => false;

    /// <summary>
    /// The request class's stable id on the wire (a hash of the declaring interface, method name and parameter types);
    /// 0 for a request that cannot cross processes.
    /// </summary>
    public virtual int TypeId => 0;

    /// <summary>Writes the arguments. Generated.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public virtual void WriteArguments(WireWriter writer)
    {
    }

    /// <summary>Runs the call through <paramref name="invoker"/> and returns its result boxed (null for no result).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract Task<object?> InvokeUntypedAsync(IGrainCallInvoker invoker, GrainId target);

    /// <summary>Writes a result <see cref="InvokeUntypedAsync"/> returned.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract void WriteResultUntyped(WireWriter writer, object? result);

    /// <inheritdoc />
    public override string ToString() => $"{InterfaceType.Name}.{MethodName}";
}
