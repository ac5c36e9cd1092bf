namespace Orleans.Widgets.Runtime.Storage.Schema;

/// <summary>One versioned schema script.</summary>
internal sealed record SchemaScript(int Version, string Name, string Sql);
