namespace Orleans.Widgets.Runtime.Configuration;

/// <summary>Grain call settings (section <c>Widgets:Messaging</c>).</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Widgets:Messaging";

    /// <summary>A call whose response has not arrived by then fails with <see cref="TimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
