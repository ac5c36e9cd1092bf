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

    /// <inheritdoc />
    public override string ToString() => $"{InterfaceType.Name}.{MethodName}";
}
