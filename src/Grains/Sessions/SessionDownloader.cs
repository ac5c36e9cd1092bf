using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Orleans.Widgets.Grains.Sessions;

/// <summary>
/// Downloads one task's URL within the limits: scheme and host rules on every hop, the resolved address checked when
/// connecting, redirects followed by hand up to the limit, the content cut off past the size limit, the whole attempt
/// bounded by the download timeout on the runtime's clock. Never throws for the remote side's faults: it classifies them.
/// </summary>
public sealed class SessionDownloader
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client used for downloads.</summary>
    public const string HttpClientName = "Orleans.Widgets.Sessions.Downloads";

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "Upgrade", "Keep-Alive", "TE", "Trailer",
        "Proxy-Authorization", "Proxy-Connection", "Expect",
    };

    private readonly IHttpClientFactory _clients;
    private readonly SessionOptions _options;
    private readonly SessionAddressPolicy _policy;
    private readonly TimeProvider _time;

    /// <summary>Creates the downloader over the silo's services.</summary>
    public SessionDownloader(IHttpClientFactory clients, IOptions<SessionOptions> options, SessionAddressPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _options = options.Value;
        _policy = policy;
        _time = time;
    }

    /// <summary>Why <paramref name="headers"/> cannot be sent with a download, or <see langword="null"/>.</summary>
    public static string? ValidateHeaders(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.Count > 32)
        {
            return "at most 32 headers";
        }

        using var probe = new HttpRequestMessage();
        foreach (var (name, value) in headers)
        {
            if (ReservedHeaders.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase))
            {
                return $"header '{name}' is set by the runtime";
            }

            if (value is null || value.Length > 4096 || value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                return $"header '{name}' has an invalid value";
            }

            try
            {
                if (!probe.Headers.TryAddWithoutValidation(name, value))
                {
                    return $"header '{name}' cannot be sent with a request";
                }
            }
            catch (FormatException)
            {
                return $"header name '{name}' is invalid";
            }
        }

        return null;
    }

    /// <summary>The handler of the download client: no automatic redirects, no proxy or cookies, addresses checked at connect.</summary>
    public static SocketsHttpHandler CreateHandler(SessionAddressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context, cancellationToken),
        };
    }

    /// <summary>Downloads <paramref name="url"/>; <paramref name="cancellationToken"/> is the silo stopping, not a failure.</summary>
    public async Task<SessionDownloadOutcome> DownloadAsync(Uri url, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var activity = SessionInstruments.ActivitySource.StartActivity("widgets.session.download", ActivityKind.Client);
        activity?.SetTag("url.scheme", url.Scheme);
        activity?.SetTag("server.address", url.Host);
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.DownloadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        SessionDownloadOutcome outcome;
        try
        {
            outcome = await FollowAsync(url, headers, activity, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            outcome = SessionDownloadOutcome.Retry($"timed out after {_options.DownloadTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception) when (Refusal(exception) is { } refused)
        {
            SessionInstruments.Refused.Add(1, new TagList { { "widgets.session.refused.at", "connect" } });
            outcome = SessionDownloadOutcome.Refuse(refused.Message);
        }
        catch (HttpRequestException exception)
        {
            outcome = SessionDownloadOutcome.Retry($"request failed: {exception.Message}");
        }
        catch (IOException exception)
        {
            outcome = SessionDownloadOutcome.Retry($"transfer failed: {exception.Message}");
        }

        var result = outcome.Succeeded ? "succeeded" : outcome.Refused ? "refused" : outcome.Transient ? "transient" : "permanent";
        var tags = new TagList { { "widgets.session.download.outcome", result } };
        SessionInstruments.Attempts.Add(1, tags);
        SessionInstruments.DownloadDuration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
        activity?.SetTag("widgets.session.download.outcome", result);
        if (outcome.Succeeded)
        {
            SessionInstruments.Bytes.Add(outcome.Content!.Length);
            activity?.SetTag("http.response.body.size", outcome.Content.Length);
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Failure);
        }

        return outcome;
    }

    private async Task<SessionDownloadOutcome> FollowAsync(Uri url, IReadOnlyDictionary<string, string>? headers, Activity? activity, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(HttpClientName);
        var current = url;
        for (var hop = 0; ; hop++)
        {
            if (_policy.RefuseUrl(current) is { } refused)
            {
                SessionInstruments.Refused.Add(1, new TagList { { "widgets.session.refused.at", hop == 0 ? "added" : "redirect" } });
                return SessionDownloadOutcome.Refuse(refused);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, current);

            // The task's headers (often credentials) go to the origin it named, never to where it redirects elsewhere.
            if (headers is not null && SameOrigin(current, url))
            {
                foreach (var (name, value) in headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                if (hop >= _options.MaxRedirects)
                {
                    return SessionDownloadOutcome.Fail($"more than {_options.MaxRedirects} redirects");
                }

                if (response.Headers.Location is not { } location)
                {
                    return SessionDownloadOutcome.Fail($"HTTP {status} without a Location");
                }

                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return await ReadAsync(response.Content, cancellationToken);
            }

            var failure = $"HTTP {status} from {current.Host}";
            return status is 408 or 429 or >= 500 ? SessionDownloadOutcome.Retry(failure) : SessionDownloadOutcome.Fail(failure);
        }
    }

    private async Task<SessionDownloadOutcome> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = _options.MaxContentBytes;
        var tooLarge = SessionDownloadOutcome.Fail($"content exceeds {limit} bytes");
        if (content.Headers.ContentLength > limit)
        {
            return tooLarge;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return tooLarge;
            }

            buffer.Write(chunk, 0, read);
        }

        return SessionDownloadOutcome.Success(buffer.ToArray(), content.Headers.ContentType?.ToString());
    }

    private static bool SameOrigin(Uri a, Uri b)
        => string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;

    private static SessionDownloadRefusedException? Refusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SessionDownloadRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>Resolves the host and connects only to an address the rules allow; refuses when none is.</summary>
    private static async ValueTask<Stream> ConnectAsync(SessionAddressPolicy policy, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        string? refusal = null;
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            if (policy.RefuseAddress(address) is { } why)
            {
                refusal ??= why;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                lastError = exception;
            }
        }

        if (lastError is not null)
        {
            throw lastError;
        }

        throw refusal is not null
            ? new SessionDownloadRefusedException($"{endpoint.Host} resolves to a refused address ({refusal})")
            : new SocketException((int)SocketError.HostNotFound);
    }
}
