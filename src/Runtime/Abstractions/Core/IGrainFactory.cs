namespace Orleans.Widgets;

/// <summary>Creates references to grains. A reference is cheap; the grain activates on its first call.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of the given interface and key.</summary>
    /// <exception cref="ArgumentException">The key is empty or no grain class implements the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey;
}
