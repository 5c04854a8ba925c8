namespace PayAtCounter.Server.Observability;

/// <summary>Settings of traces and metrics (<c>Telemetry</c> in configuration).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Prometheus text at <c>/metrics</c>, no key needed.</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>
    /// An OTLP collector (e.g. <c>http://127.0.0.1:4317</c>) to send traces and metrics to; the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works too. Without either, no traces are recorded at all.
    /// </summary>
    public string? OtlpEndpoint { get; set; }
}
