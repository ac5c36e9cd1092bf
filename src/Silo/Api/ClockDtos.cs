namespace Orleans.Widgets.Silo.Api;

/// <summary>The silo's time, and whether its clock is simulated.</summary>
internal sealed record ClockResponse(DateTimeOffset Now, bool Simulated);

/// <summary><c>POST /v1/clock/advance</c>.</summary>
internal sealed class ClockAdvanceRequest
{
    public double? Seconds { get; set; }
}
