namespace PayAtCounter.Server.Observability;

/// <summary>Settings of a graceful stop (<c>Shutdown</c> in configuration).</summary>
public sealed class ShutdownOptions
{
    /// <summary>
    /// How long the server keeps answering after SIGTERM, each answer closing its connection, before it stops
    /// listening: a client's next request then never meets a connection closed under it; behind a load balancer it
    /// should outlast the probe period, so the balancer sees <c>/readyz</c> fail first. Requests in flight when it
    /// stops listening are still finished.
    /// </summary>
    public TimeSpan DrainTime { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The first step of a stop (before any service, Kestrel included, is stopped): the server drains for
/// <see cref="ShutdownOptions.DrainTime"/>. Then Kestrel stops listening and finishes what is in flight, the loops
/// stop after their round, and commits already queued complete; undelivered webhooks wait in the database.
/// </summary>
public sealed class ShutdownDrain(Microsoft.Extensions.Options.IOptions<ShutdownOptions> options, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private volatile bool _draining;

    /// <summary>True once a stop has begun.</summary>
    public bool Draining => _draining;

    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        if (options.Value.DrainTime > TimeSpan.Zero)
        {
            logger.LogInformation("Stopping: answering for {DrainSeconds} s more, each answer closing its connection", options.Value.DrainTime.TotalSeconds);
            try
            {
                await Task.Delay(options.Value.DrainTime, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host's own shutdown timeout ran out: stop now.
            }
        }
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
