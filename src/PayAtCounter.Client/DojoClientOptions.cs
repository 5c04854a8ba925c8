namespace PayAtCounter.Client;

/// <summary>Settings of a <see cref="DojoClient"/>.</summary>
public sealed class DojoClientOptions
{
    /// <summary>The API's base address: <c>https://api.dojo.tech</c>, or a PayAtCounter server.</summary>
    public Uri BaseUri { get; set; } = new("https://api.dojo.tech");

    /// <summary>The <c>version</c> header sent with every call.</summary>
    public string ApiVersion { get; set; } = "2025-09-10";

    /// <summary>The API key: <c>sk_sandbox_…</c> or <c>sk_prod_…</c>. Sent raw after <c>Basic </c>, as Dojo expects.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Sent as <c>software-house-id</c> on terminal and session calls; Dojo's sandbox accepts <c>softwareHouse1</c>.</summary>
    public string? SoftwareHouseId { get; set; }

    /// <summary>Sent as <c>reseller-id</c> on terminal and session calls when set.</summary>
    public string? ResellerId { get; set; }

    /// <summary>How long one HTTP call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient failure (connection error, timeout, 5xx, 429) for requests safe to repeat.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>How often session helpers poll; Dojo's guides say once a second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How the client waits between polls and before retries; <c>Task.Delay</c> by default. Tests replace it, for
    /// example to move a sandbox clock instead of sleeping.
    /// </summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; set; }

    /// <summary>
    /// Called with each successful response and its body as received, before the SDK reads it: for logging, or for a
    /// tool that passes the API's JSON on unchanged (fields this SDK does not model included).
    /// </summary>
    public Action<HttpResponseMessage, string>? ResponseReceived { get; set; }
}
