namespace Orleans.Widgets.TestSilo.Grains;

/// <summary>A grain whose writes and reminder ticks are durable, so a test can check them after a crash.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="value"/>; completes when it is durable.</summary>
    Task SetValueAsync(string value);

    /// <summary>The stored value, or <see langword="null"/>.</summary>
    Task<string?> GetValueAsync();

    /// <summary>Registers (or updates) the reminder named <c>probe</c>.</summary>
    Task StartReminderAsync(int dueSeconds, int periodSeconds);

    /// <summary>The process id of the silo that delivered each reminder tick, oldest first.</summary>
    Task<List<int>> GetTicksAsync();

    /// <summary>The process id of the silo the activation runs in.</summary>
    Task<int> GetSiloProcessIdAsync();

    /// <summary>Starts a timer that writes <c>tick-{pid}-{n}</c> every 100 ms while this activation lives.</summary>
    Task StartWritingAsync();
}
