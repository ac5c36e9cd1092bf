using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>
/// A timeline provider behind an app server's HTTP endpoint. Each batch is one <c>POST</c> of
/// <c>{"app","kind","requests":[{"widgetId","family","configuration","reason","now"}]}</c>, answered by
/// <c>{"timelines":[{"widgetId","entries":[{"date","content","relevance"}],"policy":{"type","date"}}]}</c>.
/// </summary>
/// <remarks>
/// A timeout, a status outside 2xx, an unreachable server, an oversized or malformed answer throw a
/// <see cref="TimelineProviderException"/>: the whole batch failed. A timeline that fails
/// <see cref="TimelineValidator"/>, or a widget the answer leaves out, is a failure for that widget only;
/// timelines for widgets that were not asked about are ignored.
/// </remarks>
public sealed class HttpTimelineProvider : ITimelineProvider
{
    /// <summary>The failure of a widget the answer left out.</summary>
    public const string MissingWidgetError = "the provider's answer left out this widget";

    private const int ExcerptBytes = 160;

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private static readonly string[] ReasonNames = BuildReasonNames();

    private static readonly JsonElement EmptyObject = CreateEmptyObject();

    private readonly HttpClient _httpClient;
    private readonly HttpTimelineProviderOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a provider that posts batches to <paramref name="endpoint"/>.</summary>
    /// <param name="httpClient">A long-lived client, shared by all providers of the silo; its own timeout is not used.</param>
    /// <param name="endpoint">The app server's timeline endpoint (absolute http or https URL).</param>
    /// <param name="options">Timeout and answer size limit; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of the timeout; the system clock when <see langword="null"/>.</param>
    public HttpTimelineProvider(HttpClient httpClient, Uri endpoint, HttpTimelineProviderOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The provider endpoint must be an absolute http or https URL, not '{endpoint}'.", nameof(endpoint));
        }

        options ??= new HttpTimelineProviderOptions();
        options.Validate();
        _httpClient = httpClient;
        Endpoint = endpoint;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The app server's timeline endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>The wire name of <paramref name="reason"/>: its camelCase name, e.g. <c>appRequested</c>.</summary>
    public static string ReasonName(ReloadReason reason) =>
        (uint)reason < (uint)ReasonNames.Length ? ReasonNames[(int)reason] : JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    /// <inheritdoc />
    /// <remarks>An entry at <see cref="TimelineContext.Now"/> with empty-object content; the widget renders its own placeholder.</remarks>
    public TimelineEntry Placeholder(TimelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TimelineEntry(context.Now, EmptyObject);
    }

    /// <inheritdoc />
    /// <remarks>Asks the endpoint for a one-widget batch (reason <c>added</c>) and returns its first entry, or the placeholder if that fails.</remarks>
    public async Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = new TimelineBatch(
            context.App,
            context.Kind,
            [new TimelineRequest(context.WidgetId, context.Family, context.Configuration, ReloadReason.Added, context.Now)]);
        try
        {
            var results = await GetTimelinesAsync(batch, cancellationToken);
            var timeline = results.Count > 0 ? results[0].Timeline : null;
            return timeline is { Entries.Count: > 0 } ? timeline.Entries[0] : Placeholder(context);
        }
        catch (TimelineProviderException)
        {
            return Placeholder(context);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TimelineResult>> GetTimelinesAsync(TimelineBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = ProviderCallScope.Start(batch.Kind, ProviderInstruments.ProviderTypeHttp, batch.Requests.Count, ActivityKind.Client);
        scope.Activity?.SetTag("server.address", Endpoint.Host);
        scope.Activity?.SetTag("server.port", Endpoint.Port);
        try
        {
            var response = await CallAsync(batch, cancellationToken);
            return MapAnswer(batch, response, scope);
        }
        catch (TimelineProviderException exception)
        {
            scope.Fail(exception.ErrorType, exception.Message);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            scope.Fail("canceled", "the caller canceled the call");
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            scope.Fail(exception.GetType().FullName ?? "unknown", exception.Message);
            throw;
        }
    }

    private async Task<WireBatchResponse> CallAsync(TimelineBatch batch, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(ToWire(batch), HttpTimelineJsonContext.Default.WireBatchRequest);
        using var timeout = _options.Timeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = JsonMediaType } },
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var excerpt = await ReadExcerptAsync(response, linked.Token);
                throw new TimelineProviderException(
                    TimelineProviderErrorKind.HttpStatus,
                    $"The timeline provider at {Endpoint} answered {status} ({response.ReasonPhrase}){(excerpt.Length > 0 ? $": {excerpt}" : string.Empty)}",
                    status);
            }

            var answer = await ReadBodyAsync(response, linked.Token);
            return Parse(answer);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TimelineProviderException(
                TimelineProviderErrorKind.Timeout,
                $"The timeline provider at {Endpoint} did not answer within {_options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s",
                null,
                exception);
        }
        catch (HttpRequestException exception)
        {
            throw new TimelineProviderException(
                TimelineProviderErrorKind.Unreachable,
                $"The timeline provider at {Endpoint} could not be reached: {exception.Message}",
                null,
                exception);
        }
    }

    private WireBatchResponse Parse(ReadOnlyMemory<byte> answer)
    {
        WireBatchResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(answer.Span, HttpTimelineJsonContext.Default.WireBatchResponse);
        }
        catch (JsonException exception)
        {
            throw new TimelineProviderException(
                TimelineProviderErrorKind.MalformedAnswer,
                $"The timeline provider at {Endpoint} sent an answer that is not valid: {exception.Message} Answer begins: {Excerpt(answer.Span)}",
                null,
                exception);
        }

        if (response?.Timelines is null)
        {
            throw new TimelineProviderException(
                TimelineProviderErrorKind.MalformedAnswer,
                $"The timeline provider at {Endpoint} sent an answer without a 'timelines' array. Answer begins: {Excerpt(answer.Span)}");
        }

        return response;
    }

    private static IReadOnlyList<TimelineResult> MapAnswer(TimelineBatch batch, WireBatchResponse response, ProviderCallScope scope)
    {
        var asked = new HashSet<string>(batch.Requests.Count, StringComparer.Ordinal);
        foreach (var request in batch.Requests)
        {
            asked.Add(request.WidgetId);
        }

        var answered = new Dictionary<string, WireTimeline>(StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var timeline in response.Timelines!)
        {
            if (timeline?.WidgetId is not { } widgetId || !asked.Contains(widgetId))
            {
                continue;
            }

            if (!answered.TryAdd(widgetId, timeline))
            {
                duplicates.Add(widgetId);
            }
        }

        var results = new TimelineResult[batch.Requests.Count];
        int missing = 0, invalid = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var request = batch.Requests[i];
            if (duplicates.Contains(request.WidgetId))
            {
                invalid++;
                results[i] = TimelineResult.Failure(request.WidgetId, "the provider's answer has more than one timeline for this widget");
            }
            else if (!answered.TryGetValue(request.WidgetId, out var wire))
            {
                missing++;
                results[i] = TimelineResult.Failure(request.WidgetId, MissingWidgetError);
            }
            else if (ToTimeline(wire, request.Now, out var error) is { } timeline)
            {
                results[i] = TimelineResult.Success(request.WidgetId, timeline);
            }
            else
            {
                invalid++;
                results[i] = TimelineResult.Failure(request.WidgetId, $"the provider's timeline is not valid: {error}");
            }
        }

        scope.WidgetsFailed("missing_widget", missing);
        scope.WidgetsFailed("invalid_timeline", invalid);
        return results;
    }

    private static Timeline? ToTimeline(WireTimeline wire, DateTimeOffset now, out string? error)
    {
        if (wire.Entries is null)
        {
            error = "it has no 'entries' array";
            return null;
        }

        if (wire.Entries.Count > TimelineValidator.MaxEntries)
        {
            error = $"the timeline has {wire.Entries.Count} entries; at most {TimelineValidator.MaxEntries} are allowed";
            return null;
        }

        var entries = new TimelineEntry[wire.Entries.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = wire.Entries[i];
            if (entry?.Date is not { } date)
            {
                error = $"entry {i} has no date";
                return null;
            }

            entries[i] = new TimelineEntry(date, entry.Content, entry.Relevance);
        }

        ReloadPolicy policy;
        switch (wire.Policy?.Type)
        {
            case null:
                error = "it has no reload policy";
                return null;
            case "atEnd":
                policy = new ReloadPolicy(ReloadPolicyType.AtEnd, wire.Policy.Date);
                break;
            case "after":
                policy = new ReloadPolicy(ReloadPolicyType.After, wire.Policy.Date);
                break;
            case "never":
                policy = new ReloadPolicy(ReloadPolicyType.Never, wire.Policy.Date);
                break;
            default:
                error = $"unknown reload policy type '{Truncate(wire.Policy.Type)}' (expected atEnd, after or never)";
                return null;
        }

        return TimelineValidator.TryValidate(new Timeline(entries, policy), now, out var normalized, out error) ? normalized : null;
    }

    private static WireBatchRequest ToWire(TimelineBatch batch)
    {
        var requests = new WireWidgetRequest[batch.Requests.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            var request = batch.Requests[i];
            requests[i] = new WireWidgetRequest(
                request.WidgetId,
                request.Family,
                request.Configuration,
                ReasonName(request.Reason),
                request.Now.ToUniversalTime());
        }

        return new WireBatchRequest(batch.App, batch.Kind, requests);
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is long length && length > limit)
        {
            throw TooLarge(length.ToString(CultureInfo.InvariantCulture));
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (stream)
        {
            var buffer = new ArrayBufferWriter<byte>(response.Content.Headers.ContentLength is long known ? (int)Math.Clamp(known, 256, 1 << 20) : 16 * 1024);
            while (true)
            {
                var read = await stream.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
                if (read == 0)
                {
                    return buffer.WrittenMemory;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    throw TooLarge($"more than {limit.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }
    }

    private TimelineProviderException TooLarge(string size) => new(
        TimelineProviderErrorKind.AnswerTooLarge,
        $"The timeline provider at {Endpoint} sent an answer of {size} bytes; at most {_options.MaxResponseBytes.ToString(CultureInfo.InvariantCulture)} are accepted");

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using (stream)
            {
                var buffer = new byte[ExcerptBytes + 1];
                var filled = 0;
                while (filled < buffer.Length)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                }

                return Excerpt(buffer.AsSpan(0, filled));
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            return string.Empty;
        }
    }

    private static string Excerpt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "(empty)";
        }

        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, ExcerptBytes)]);
        var builder = new StringBuilder(text.Length + 3);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        if (body.Length > ExcerptBytes)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    private static JsonElement CreateEmptyObject()
    {
        using var document = JsonDocument.Parse("{}"u8.ToArray());
        return document.RootElement.Clone();
    }

    private static string[] BuildReasonNames()
    {
        var values = Enum.GetValues<ReloadReason>();
        var names = new string[values.Max(value => (int)value) + 1];
        foreach (var value in values)
        {
            names[(int)value] = JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
        }

        return names;
    }
}
