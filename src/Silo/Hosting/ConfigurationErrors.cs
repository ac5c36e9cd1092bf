using Microsoft.Extensions.Options;

namespace Orleans.Widgets.Silo.Hosting;

/// <summary>Turns the exceptions a bad setting causes into one line that names the setting.</summary>
internal static class ConfigurationErrors
{
    /// <summary>Returns the one-line description of a configuration error, or <see langword="null"/> for any other failure.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => OneLine(validation.Message),
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(static e => Describe(e) is not null)
            => string.Join("; ", aggregate.InnerExceptions.Select(static e => Describe(e))),

        // The configuration binder: "Failed to convert configuration value 'abc' at 'Widgets:Port' to type 'System.Int32'."
        InvalidOperationException binding when binding.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase)
            => OneLine(binding.Message),
        _ => null,
    };

    /// <summary>Describes any failure in one line: the configuration error, or the exception's type and message.</summary>
    public static string DescribeAny(Exception exception)
        => Describe(exception) ?? OneLine($"{exception.GetType().Name}: {exception.Message}");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
