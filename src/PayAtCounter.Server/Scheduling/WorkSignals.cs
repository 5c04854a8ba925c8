namespace PayAtCounter.Server.Scheduling;

/// <summary>
/// Wakes the background loops when a commit stored something for them (a step due soon, an event or a delivery to
/// send), so they act at once instead of at their next poll. <see cref="Storage.StorageWriter"/> raises them
/// after every commit.
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
    /// A commit stored work: a step due at <paramref name="dueAtTicks"/> (if any), and something for the dispatcher
    /// when <paramref name="forDispatcher"/>. Wakes only the loops that have something to do sooner than they planned.
    /// </summary>
    public void Stored(ReadOnlySpan<long?> dueAtTicks, bool forDispatcher)
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
        if (forDispatcher)
        {
            Webhooks.Notify();
        }
    }

    /// <summary>Something changed that a loop may need to act on at once (the clock moved).</summary>
    public void Changed()
    {
        DueWork.Notify();
        Webhooks.Notify();
    }
}

/// <summary>
/// A wake-up that coalesces: many notifications before a wait cause one early return. A loop is not woken by what
/// its own round stores (<see cref="LoopFlow"/>): after each round it looks for its next due work anyway.
/// </summary>
public sealed class Signal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Wakes the waiter, unless this is the waiter's own flow.</summary>
    public void Notify()
    {
        if (LoopFlow.IsLoopOf(this))
        {
            return;
        }
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
