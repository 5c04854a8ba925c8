namespace PayAtCounter.Server.Sandbox;

/// <summary>
/// Latency samples the benchmarks read through <c>GET /sandbox/metrics</c>: how late each scheduled step
/// ran, in real milliseconds. A bounded ring, so memory stays flat however long the server runs.
/// </summary>
public sealed class SandboxMetrics
{
    private const int Capacity = 200_000;
    private readonly double[] _lagMs = new double[Capacity];
    private readonly Lock _gate = new();
    private long _count;

    /// <summary>Records how late one step ran.</summary>
    public void RecordSchedulerLag(TimeSpan realLag)
    {
        lock (_gate)
        {
            _lagMs[_count % Capacity] = realLag.TotalMilliseconds;
            _count++;
        }
    }

    /// <summary>Count and percentiles of the recorded lags; <paramref name="reset"/> starts a new window.</summary>
    public LagSummary SchedulerLag(bool reset)
    {
        double[] samples;
        long count;
        lock (_gate)
        {
            count = _count;
            samples = _lagMs.AsSpan(0, (int)Math.Min(count, Capacity)).ToArray();
            if (reset)
            {
                _count = 0;
            }
        }
        Array.Sort(samples);
        double At(double q) => samples.Length == 0 ? 0 : samples[Math.Min(samples.Length - 1, (int)(q * samples.Length))];
        return new LagSummary(count, At(0.5), At(0.99), samples.Length == 0 ? 0 : samples[^1]);
    }
}

/// <summary>Scheduler lag in real milliseconds.</summary>
public sealed record LagSummary(long Count, double P50Ms, double P99Ms, double MaxMs);

/// <summary>The body of <c>GET /sandbox/metrics</c>.</summary>
public sealed record SandboxMetricsResponse(LagSummary SchedulerLag);
