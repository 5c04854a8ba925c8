namespace PayAtCounter.Server.Webhooks;

/// <summary>Webhook delivery (<c>Webhooks</c> section).</summary>
public sealed class WebhookOptions
{
    /// <summary>How long to wait for a receiver's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before the first retry; it doubles with each failure.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between retries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a delivery is given up as Failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Deliveries sent at the same time.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>Longest the dispatcher sleeps between looks for work (real time).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Accept self-signed certificates from receivers on loopback addresses (local development).</summary>
    public bool AcceptUntrustedLoopbackCertificates { get; set; } = true;

    /// <summary>Deliveries to loopback addresses (a receiver on the developer's machine); off on a shared server, if wished.</summary>
    public bool AllowLoopbackTargets { get; set; } = true;

    /// <summary>Deliveries to private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), for a team whose receiver is on its network.</summary>
    public bool AllowPrivateTargets { get; set; }
}
