using System.Diagnostics;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>Traces and measures one provider call: a <c>provider.call</c> span, its duration, batch size and errors.</summary>
internal sealed class ProviderCallScope : IDisposable
{
    private readonly string _kind;
    private readonly string _providerType;
    private readonly long _started;
    private string? _errorType;

    private ProviderCallScope(string kind, string providerType, int batchSize, ActivityKind activityKind)
    {
        _kind = kind;
        _providerType = providerType;
        _started = Stopwatch.GetTimestamp();
        Activity = ProviderInstruments.ActivitySource.StartActivity("provider.call", activityKind);
        if (Activity is not null)
        {
            Activity.SetTag("widgets.kind", kind);
            Activity.SetTag("widgets.provider.type", providerType);
            Activity.SetTag("widgets.batch.size", batchSize);
        }

        if (ProviderInstruments.BatchSize.Enabled)
        {
            ProviderInstruments.BatchSize.Record(batchSize, Tags());
        }
    }

    public Activity? Activity { get; }

    public static ProviderCallScope Start(string kind, string providerType, int batchSize, ActivityKind activityKind) =>
        new(kind, providerType, batchSize, activityKind);

    /// <summary>The whole call failed.</summary>
    public void Fail(string errorType, string description)
    {
        _errorType = errorType;
        if (Activity is not null)
        {
            Activity.SetTag("error.type", errorType);
            Activity.SetStatus(ActivityStatusCode.Error, description);
        }

        if (ProviderInstruments.Errors.Enabled)
        {
            ProviderInstruments.Errors.Add(1, WithError(errorType));
        }
    }

    /// <summary>The call succeeded but some widgets failed (missing from the answer, invalid timeline).</summary>
    public void WidgetsFailed(string errorType, int count)
    {
        if (count > 0 && ProviderInstruments.Errors.Enabled)
        {
            ProviderInstruments.Errors.Add(count, WithError(errorType));
        }
    }

    public void Dispose()
    {
        if (ProviderInstruments.CallDuration.Enabled)
        {
            var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
            ProviderInstruments.CallDuration.Record(seconds, _errorType is null ? Tags() : WithError(_errorType));
        }

        Activity?.Dispose();
    }

    private TagList Tags() => new()
    {
        { "widgets.kind", _kind },
        { "widgets.provider.type", _providerType },
    };

    private TagList WithError(string errorType)
    {
        var tags = Tags();
        tags.Add("error.type", errorType);
        return tags;
    }
}
