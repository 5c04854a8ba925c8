namespace PayAtCounter.Server.Hosting;

/// <summary>
/// Wakes the background workers when a request has stored something for them (a session step, an outbox
/// event), so they act at once instead of at their next poll.
/// </summary>
public sealed class WorkSignals
{
    /// <summary>For the scheduler of timed steps.</summary>
    public Signal DueWork { get; } = new();

    /// <summary>For the webhook dispatcher.</summary>
    public Signal Webhooks { get; } = new();

    /// <summary>Something was written that a worker may need to act on.</summary>
    public void Changed()
    {
        DueWork.Notify();
        Webhooks.Notify();
    }
}

/// <summary>A wake-up that coalesces: many notifications before a wait cause one early return.</summary>
public sealed class Signal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Wakes the waiter.</summary>
    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up is enough.
        }
    }

    /// <summary>Waits for a notification or the timeout.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _wake.WaitAsync(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
