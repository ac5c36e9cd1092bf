namespace Orleans.Widgets.Runtime.Storage;

/// <summary>A persistent state read while its activation starts, before <c>OnActivateAsync</c>.</summary>
internal interface IActivationStateLoader
{
    Task LoadAsync(CancellationToken cancellationToken);
}
