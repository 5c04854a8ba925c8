namespace PayAtCounter.Engine.Readiness;

/// <summary>
/// One request a till sent to the Dojo API surface, as the server recorded it. Never the API key: at most a short
/// fingerprint of it. A response body equal to the one stored last for the same path is not stored again
/// (<see cref="ResponseUnchanged"/>).
/// </summary>
public sealed record RecordedRequest
{
    /// <summary>Id (<c>rq_…</c>), for evidence.</summary>
    public required string Id { get; init; }
    /// <summary>The account the key belongs to; null when the key was missing or wrong.</summary>
    public string? AccountId { get; init; }
    /// <summary>When, by the wall clock.</summary>
    public required DateTimeOffset WallTime { get; init; }
    /// <summary>When, by the sandbox clock.</summary>
    public required DateTimeOffset SandboxTime { get; init; }
    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }
    /// <summary>Path, without the query.</summary>
    public required string Path { get; init; }
    /// <summary>Query string, with its <c>?</c>, if any.</summary>
    public string? Query { get; init; }
    /// <summary>The <c>version</c> header as sent.</summary>
    public string? Version { get; init; }
    /// <summary>Whether <c>software-house-id</c> was sent.</summary>
    public bool SentSoftwareHouseId { get; init; }
    /// <summary>Whether <c>reseller-id</c> was sent.</summary>
    public bool SentResellerId { get; init; }
    /// <summary>Response status.</summary>
    public required int Status { get; init; }
    /// <summary>Time to answer, milliseconds.</summary>
    public double LatencyMs { get; init; }
    /// <summary>Request body (capped).</summary>
    public string? RequestBody { get; init; }
    /// <summary>True when the request body was longer than the cap and cut.</summary>
    public bool RequestBodyCut { get; init; }
    /// <summary>Response body (capped); null when unchanged since the last one stored for the path.</summary>
    public string? ResponseBody { get; init; }
    /// <summary>True when the response body was longer than the cap and cut.</summary>
    public bool ResponseBodyCut { get; init; }
    /// <summary>True when the response body was the same as the last one stored for the path, so not stored again.</summary>
    public bool ResponseUnchanged { get; init; }
    /// <summary>The client's address.</summary>
    public string? ClientAddress { get; init; }
    /// <summary>The <c>User-Agent</c> header.</summary>
    public string? UserAgent { get; init; }
    /// <summary>A few characters of the key's hash, telling keys apart without revealing them.</summary>
    public string? KeyFingerprint { get; init; }
}
