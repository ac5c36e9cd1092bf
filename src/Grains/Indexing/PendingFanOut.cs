namespace Orleans.Widgets.Grains.Indexing;

/// <summary>An app-server reload a partition acknowledged and has not yet delivered to every matching widget.</summary>
/// <param name="ReloadId">The request's id, which the widgets remember so a resumed fan-out is not taken twice.</param>
/// <param name="Match">Configuration pairs a widget must hold; <see langword="null"/> for every widget of the kind.</param>
/// <param name="AcceptedAt">When the partition acknowledged it.</param>
public sealed record PendingFanOut(string ReloadId, Dictionary<string, string>? Match, DateTimeOffset AcceptedAt);
