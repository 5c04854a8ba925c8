namespace PayAtCounter.Server.Readiness;

/// <summary>The request recorder behind the readiness inspector (<c>Readiness</c> section).</summary>
public sealed class ReadinessOptions
{
    /// <summary>Record requests to the Dojo API surface. On by default.</summary>
    public bool Recording { get; set; } = true;

    /// <summary>
    /// The most requests recorded a second; beyond it requests are counted as dropped, not recorded, so a load
    /// (a benchmark, a runaway till) never slows the API. A till sends a few a second.
    /// </summary>
    public int MaxRecordsPerSecond { get; set; } = 500;

    /// <summary>Bytes of a request or response body kept; longer ones are cut and marked.</summary>
    public int BodyLimitBytes { get; set; } = 16 * 1024;

    /// <summary>How long requests are kept.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most requests kept per account; the oldest go first.</summary>
    public int MaxRequestsPerAccount { get; set; } = 100_000;
}
