using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayAtCounter.Client.Sandbox;

namespace PayAtCounter.Client;

/// <summary>
/// Client of the Dojo Pay at Counter API. Point <see cref="DojoClientOptions.BaseUri"/> at api.dojo.tech or at
/// a PayAtCounter server; nothing else changes. Headers are set per request, so a shared <see cref="HttpClient"/>
/// (for example from <c>IHttpClientFactory</c>) is never modified.
/// </summary>
public class DojoClient
{
    private readonly HttpClient _http = null!;

    /// <summary>For mocking.</summary>
    protected DojoClient()
    {
        Options = new DojoClientOptions();
        PaymentIntents = null!;
        Terminals = null!;
        TerminalSessions = null!;
        Webhooks = null!;
        Sandbox = null!;
    }

    /// <summary>A client for api.dojo.tech with <paramref name="apiKey"/>.</summary>
    public DojoClient(string apiKey)
        : this(apiKey, new DojoClientOptions())
    {
    }

    /// <summary>A client with <paramref name="apiKey"/> and <paramref name="options"/>.</summary>
    public DojoClient(string apiKey, DojoClientOptions options)
        : this(new HttpClient(), WithKey(options, apiKey))
    {
    }

    /// <summary>A client over a caller's <see cref="HttpClient"/>, such as one from <c>IHttpClientFactory</c>.</summary>
    public DojoClient(HttpClient httpClient, DojoClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("An API key is required (DojoClientOptions.ApiKey).", nameof(options));
        }
        _http = httpClient;
        Options = options;
        PaymentIntents = new PaymentIntentsClient(this);
        Terminals = new TerminalsClient(this);
        TerminalSessions = new TerminalSessionsClient(this);
        Webhooks = new WebhooksClient(this);
        Sandbox = new SandboxClient(this);
    }

    /// <summary>
    /// The SDK's JSON settings: Dojo's wire conventions, reading values Dojo adds later without failing. For writing
    /// the SDK's models as the API writes them (logs, a CLI's <c>--json</c>).
    /// </summary>
    public static JsonSerializerOptions JsonOptions => ClientJson.Options;

    /// <summary>The settings in use.</summary>
    public DojoClientOptions Options { get; }

    /// <summary>Payment intents: create, change, capture, refund, reverse, search.</summary>
    public virtual PaymentIntentsClient PaymentIntents { get; }

    /// <summary>Terminals.</summary>
    public virtual TerminalsClient Terminals { get; }

    /// <summary>Terminal sessions: sales and refunds on a terminal, with polling helpers.</summary>
    public virtual TerminalSessionsClient TerminalSessions { get; }

    /// <summary>Webhook subscriptions and secrets.</summary>
    public virtual WebhooksClient Webhooks { get; }

    /// <summary>The PayAtCounter sandbox's own API (clock, virtual terminals, scenarios, readiness); not on api.dojo.tech.</summary>
    public virtual SandboxClient Sandbox { get; }

    /// <summary>Sends one request and reads its JSON answer, or throws <see cref="DojoApiException"/>.</summary>
    internal async Task<TResult> SendAsync<TResult>(HttpMethod method, string path, string? json, bool terminalHeaders, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        var body = await SendRawAsync(method, path, json, terminalHeaders, headers, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(body, ClientJson.TypeInfo<TResult>())
            ?? throw new InvalidOperationException($"{method} {path} returned an empty body.");
    }

    /// <summary>
    /// Sends one request and returns the raw body, or throws <see cref="DojoApiException"/>. Connection failures,
    /// timeouts, 5xx and 429 are retried with backoff (honouring <c>Retry-After</c>), but only for requests that are
    /// safe to repeat: GET, PUT, DELETE, and POSTs carrying an idempotency key. Never after the caller cancels.
    /// </summary>
    internal async Task<string> SendRawAsync(HttpMethod method, string path, string? json, bool terminalHeaders, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        var extraHeaders = headers?.ToList() ?? [];
        var repeatable = method != HttpMethod.Post || extraHeaders.Any(h => string.Equals(h.Key, "idempotencyKey", StringComparison.OrdinalIgnoreCase));
        var delay = Options.Delay ?? Task.Delay;
        for (var attempt = 0; ; attempt++)
        {
            var canRetry = repeatable && attempt < Options.MaxRetries;
            TimeSpan? wait;
            try
            {
                using var request = CreateRequest(method, path, json, terminalHeaders, extraHeaders);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Options.Timeout);
                using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Options.ResponseReceived?.Invoke(response, text);
                    return text;
                }
                var transient = (int)response.StatusCode >= 500 || (int)response.StatusCode == 429;
                if (!transient || !canRetry)
                {
                    throw DojoApiException.FromResponse(response.StatusCode, text);
                }
                wait = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            }
            catch (HttpRequestException) when (canRetry && !cancellationToken.IsCancellationRequested)
            {
                wait = null;
            }
            catch (OperationCanceledException) when (canRetry && !cancellationToken.IsCancellationRequested)
            {
                // Our own timeout, not the caller's cancellation.
                wait = null;
            }
            await delay(wait is { } w && w > TimeSpan.Zero ? w : Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, string? json, bool terminalHeaders, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var request = new HttpRequestMessage(method, new Uri(Options.BaseUri, path.TrimStart('/')))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Options.ApiKey);
        request.Headers.Add("version", Options.ApiVersion);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (terminalHeaders)
        {
            request.Headers.Add("software-house-id", Options.SoftwareHouseId ?? "softwareHouse1");
            if (Options.ResellerId is { } reseller)
            {
                request.Headers.Add("reseller-id", reseller);
            }
        }
        foreach (var header in headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return request;
    }

    // 0.5 s, 1 s, 2 s … with ±20 % jitter so many clients do not retry in step.
    private static TimeSpan Backoff(int attempt)
    {
        double jitter;
        lock (Jitter)
        {
            jitter = Jitter.NextDouble();
        }
        return TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt) * (0.8 + 0.4 * jitter));
    }

    private static readonly Random Jitter = new();

    /// <summary>A JSON body with Dojo's conventions.</summary>
    internal static string Json<T>(T value) => JsonSerializer.Serialize(value, ClientJson.TypeInfo<T>());

    /// <summary>Escapes an id for a path segment.</summary>
    internal static string Segment(string id) => Uri.EscapeDataString(id);

    private static DojoClientOptions WithKey(DojoClientOptions options, string apiKey)
    {
        options.ApiKey = apiKey;
        return options;
    }
}
