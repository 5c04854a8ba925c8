using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PayAtCounter.Server.Health;

/// <summary>The data was prepared (schema applied, clock and accounts restored), and the server is not stopping.</summary>
public sealed class DataReadinessHealthCheck(Hosting.DataReadiness readiness, Observability.ShutdownDrain drain) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(drain.Draining ? HealthCheckResult.Unhealthy("stopping")
            : readiness.IsReady ? HealthCheckResult.Healthy("prepared")
            : HealthCheckResult.Unhealthy("still being prepared"));
}
