using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PayAtCounter.Server.Health;

/// <summary>The data was prepared (schema applied, clock and accounts restored); until then nothing else is served.</summary>
public sealed class DataReadinessHealthCheck(Hosting.DataReadiness readiness) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(readiness.IsReady ? HealthCheckResult.Healthy("prepared") : HealthCheckResult.Unhealthy("still being prepared"));
}
