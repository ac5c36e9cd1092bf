namespace Orleans.Widgets.Runtime;

/// <summary>Maps a grain interface to the grain type that implements it.</summary>
public interface IGrainTypeResolver
{
    /// <summary>Returns the grain type implementing <paramref name="interfaceType"/>.</summary>
    /// <exception cref="ArgumentException">No grain class, or more than one, implements the interface.</exception>
    GrainType GetGrainType(Type interfaceType);
}
