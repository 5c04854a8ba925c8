using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayAtCounter.Contracts;

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
    }

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

    /// <summary>Sends one request and reads its JSON answer, or throws <see cref="DojoApiException"/>.</summary>
    internal async Task<TResult> SendAsync<TResult>(HttpMethod method, string path, HttpContent? content, bool terminalHeaders, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        var body = await SendRawAsync(method, path, content, terminalHeaders, headers, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(body, DojoJson.TypeInfo<TResult>())
            ?? throw new InvalidOperationException($"{method} {path} returned an empty body.");
    }

    /// <summary>Sends one request and returns the raw body, or throws <see cref="DojoApiException"/>.</summary>
    internal async Task<string> SendRawAsync(HttpMethod method, string path, HttpContent? content, bool terminalHeaders, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Options.BaseUri, path.TrimStart('/'))) { Content = content };
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
        foreach (var header in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw DojoApiException.FromResponse(response.StatusCode, text);
        }
        return text;
    }

    /// <summary>A JSON body with Dojo's conventions.</summary>
    internal static HttpContent Json<T>(T value)
        => new StringContent(JsonSerializer.Serialize(value, DojoJson.TypeInfo<T>()), Encoding.UTF8, "application/json");

    /// <summary>Escapes an id for a path segment.</summary>
    internal static string Segment(string id) => Uri.EscapeDataString(id);

    private static DojoClientOptions WithKey(DojoClientOptions options, string apiKey)
    {
        options.ApiKey = apiKey;
        return options;
    }
}
