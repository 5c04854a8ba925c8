using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PayAtCounter.Server.Scheduling;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Health;

/// <summary>The scheduler and the webhook dispatcher run, and neither has work overdue by more than <see cref="HealthOptions.MaxLag"/>.</summary>
public sealed class LoopsHealthCheck(DueWorkService scheduler, WebhookDispatcherService dispatcher, IOptions<HealthOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bound = options.Value.MaxLag;
        var problems = new List<string>();
        var states = new Dictionary<string, object>();
        foreach (var loop in new ClockedLoop[] { scheduler, dispatcher })
        {
            if (!loop.IsLooping)
            {
                problems.Add($"{loop.LoopName} is not running");
                continue;
            }
            TimeSpan lag;
            try
            {
                lag = await loop.LagAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The type only: a driver's message can name a host or a user, and this answer needs no key.
                problems.Add($"{loop.LoopName}: its due work could not be read ({ex.GetType().Name})");
                continue;
            }
            states[loop.LoopName + " lag (s)"] = Math.Round(lag.TotalSeconds, 3);
            // Only overdue work counts: a long round (slow receivers, a burst) that keeps up is not a fault.
            if (lag > bound)
            {
                problems.Add($"{loop.LoopName} is {lag.TotalSeconds:0.#} s behind (bound {bound.TotalSeconds:0.#} s)");
            }
        }
        return problems.Count == 0
            ? HealthCheckResult.Healthy("scheduler and webhook dispatcher running", states)
            : HealthCheckResult.Unhealthy(string.Join("; ", problems), data: states);
    }
}
