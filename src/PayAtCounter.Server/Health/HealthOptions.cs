namespace PayAtCounter.Server.Health;

/// <summary>Settings of the readiness probe (<c>Health</c> in configuration).</summary>
public sealed class HealthOptions
{
    /// <summary>How far behind the scheduler and the webhook dispatcher may be (work due and not done) before <c>/readyz</c> says so.</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one check may take before it counts as failed.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
