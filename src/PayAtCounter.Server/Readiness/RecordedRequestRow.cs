using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.Readiness;

namespace PayAtCounter.Server.Readiness;

/// <summary>One recorded request to the Dojo API surface (<see cref="RecordedRequest"/>). Only ever added, and pruned by age and count.</summary>
public sealed class RecordedRequestRow
{
    /// <summary>Id (<c>rq_…</c>).</summary>
    public required string Id { get; set; }
    /// <summary>The key's account; null when the key was missing or wrong.</summary>
    public string? AccountId { get; set; }
    /// <summary>Wall-clock time, UTC ticks: runs are windows of wall time.</summary>
    public long WallTicks { get; set; }
    /// <summary>Sandbox time, UTC ticks.</summary>
    public long SandboxTicks { get; set; }
    /// <summary>HTTP method.</summary>
    public required string Method { get; set; }
    /// <summary>Path.</summary>
    public required string Path { get; set; }
    /// <summary>Query string.</summary>
    public string? Query { get; set; }
    /// <summary>The version header.</summary>
    public string? Version { get; set; }
    /// <summary>Whether software-house-id was sent.</summary>
    public bool SentSoftwareHouseId { get; set; }
    /// <summary>Whether reseller-id was sent.</summary>
    public bool SentResellerId { get; set; }
    /// <summary>Response status.</summary>
    public int Status { get; set; }
    /// <summary>Time to answer, microseconds.</summary>
    public long LatencyMicroseconds { get; set; }
    /// <summary>Request body, capped.</summary>
    public string? RequestBody { get; set; }
    /// <summary>The request body was cut at the cap.</summary>
    public bool RequestBodyCut { get; set; }
    /// <summary>Response body, capped; null when unchanged since the last one stored for the path.</summary>
    public string? ResponseBody { get; set; }
    /// <summary>The response body was cut at the cap.</summary>
    public bool ResponseBodyCut { get; set; }
    /// <summary>The response body equalled the last one stored for the path and was not stored again.</summary>
    public bool ResponseUnchanged { get; set; }
    /// <summary>The client's address.</summary>
    public string? ClientAddress { get; set; }
    /// <summary>User-Agent.</summary>
    public string? UserAgent { get; set; }
    /// <summary>A few characters of the key's hash; never the key.</summary>
    public string? KeyFingerprint { get; set; }

    /// <summary>The domain record.</summary>
    public RecordedRequest ToRecord() => new()
    {
        Id = Id,
        AccountId = AccountId,
        WallTime = new DateTimeOffset(WallTicks, TimeSpan.Zero),
        SandboxTime = new DateTimeOffset(SandboxTicks, TimeSpan.Zero),
        Method = Method,
        Path = Path,
        Query = Query,
        Version = Version,
        SentSoftwareHouseId = SentSoftwareHouseId,
        SentResellerId = SentResellerId,
        Status = Status,
        LatencyMs = LatencyMicroseconds / 1000.0,
        RequestBody = RequestBody,
        RequestBodyCut = RequestBodyCut,
        ResponseBody = ResponseBody,
        ResponseBodyCut = ResponseBodyCut,
        ResponseUnchanged = ResponseUnchanged,
        ClientAddress = ClientAddress,
        UserAgent = UserAgent,
        KeyFingerprint = KeyFingerprint,
    };
}

internal sealed class RecordedRequestTable : IEntityTypeConfiguration<RecordedRequestRow>
{
    public void Configure(EntityTypeBuilder<RecordedRequestRow> request)
    {
        request.ToTable("recorded_requests");
        request.HasKey(r => r.Id);
        // A run's traffic: an account's requests in a window of wall time; and pruning by age.
        request.HasIndex(r => new { r.AccountId, r.WallTicks });
        request.HasIndex(r => r.WallTicks);
    }
}
