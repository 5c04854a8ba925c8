namespace PayAtCounter.Engine.Clock;

/// <summary>
/// The one clock of the sandbox. It follows an underlying clock at <see cref="Speed"/> times its pace
/// (0 freezes it) and can be moved forward by <see cref="Advance"/>, so an 80 s timeout can be
/// reached in milliseconds. It never moves backwards.
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _start;
    private readonly long _startTimestamp;
    private readonly Lock _gate = new();
    private TimeSpan _advancedBy;

    /// <summary>Creates a clock that starts at the underlying clock's current time.</summary>
    public SandboxClock(TimeProvider inner, double speed)
    {
        if (double.IsNaN(speed) || speed < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The clock speed must be zero or positive.");
        }
        _inner = inner;
        Speed = speed;
        _start = inner.GetUtcNow();
        _startTimestamp = inner.GetTimestamp();
    }

    /// <summary>How many sandbox seconds pass per real second.</summary>
    public double Speed { get; }

    /// <summary>Total time added by <see cref="Advance"/>.</summary>
    public TimeSpan AdvancedBy
    {
        get
        {
            lock (_gate)
            {
                return _advancedBy;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return GetUtcNowUnlocked();
        }
    }

    private DateTimeOffset GetUtcNowUnlocked()
        => _start + TimeSpan.FromTicks((long)(_inner.GetElapsedTime(_startTimestamp).Ticks * Speed)) + _advancedBy;

    /// <summary>
    /// Moves the clock forward to <paramref name="floor"/> if it is behind it; used at start-up so sandbox
    /// time resumes where the work already done left it, instead of going back to real time.
    /// </summary>
    public void EnsureAtLeast(DateTimeOffset floor)
    {
        lock (_gate)
        {
            var now = GetUtcNowUnlocked();
            if (now < floor)
            {
                _advancedBy += floor - now;
            }
        }
    }

    /// <summary>Moves sandbox time forward.</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "The sandbox clock cannot go backwards.");
        }
        lock (_gate)
        {
            _advancedBy += by;
        }
        return GetUtcNow();
    }
}
