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

    // The due time the scheduler will reach without being woken. MaxValue (wake for anything) while it runs,
    // so nothing stored during a round is missed, and when it has nothing planned. Waking it for work due
    // later than that only costs it a pointless round of queries, which under load was a sixth of the
    // write path's CPU.
    private long _dueWorkPlannedTicks = long.MaxValue;

    /// <summary>The scheduler will next look at <paramref name="dueAt"/> by itself; null: wake it for anything.</summary>
    public void DueWorkPlanned(DateTimeOffset? dueAt) => Volatile.Write(ref _dueWorkPlannedTicks, dueAt?.UtcTicks ?? long.MaxValue);

    /// <summary>
    /// A request stored work: a step due at <paramref name="dueAtTicks"/> (if any) and <paramref name="events"/>
    /// outbox events. Wakes only the workers that have something to do sooner than they planned.
    /// </summary>
    public void Stored(ReadOnlySpan<long?> dueAtTicks, int events)
    {
        var planned = Volatile.Read(ref _dueWorkPlannedTicks);
        foreach (var t in dueAtTicks)
        {
            if (t is { } due && due < planned)
            {
                DueWork.Notify();
                break;
            }
        }
        if (events > 0)
        {
            Webhooks.Notify();
        }
    }

    /// <summary>Something was written that a worker may need to act on at once.</summary>
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
