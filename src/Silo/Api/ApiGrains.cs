namespace Orleans.Widgets.Silo.Api;

/// <summary>Grain references for the API; a grain this silo does not host is a server error, not bad input.</summary>
internal static class ApiGrains
{
    public static T Get<T>(this IGrainFactory grains, string key, string purpose)
        where T : IGrainWithStringKey
    {
        try
        {
            return grains.GetGrain<T>(key);
        }
        catch (ArgumentException exception) when (exception.ParamName != "primaryKey")
        {
            throw new GrainNotHostedException($"This silo does not host {purpose} ({typeof(T).Name}).", exception);
        }
    }
}

/// <summary>The silo has no grain class for an interface the API needs.</summary>
internal sealed class GrainNotHostedException(string message, Exception inner) : Exception(message, inner);
