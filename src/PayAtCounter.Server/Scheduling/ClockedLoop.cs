using PayAtCounter.Engine.Clock;
using PayAtCounter.Server.Hosting;

namespace PayAtCounter.Server.Scheduling;

/// <summary>
/// A background loop on the sandbox clock, the shape of the scheduler and the webhook dispatcher: run a round, then
/// sleep until the next due time (scaled to real time by the clock speed), a wake-up, or the longest wait. One
/// failed round is logged and the next one runs. It runs on <see cref="OwnThread"/>, so it keeps time while the API
/// is busy, and in its own <see cref="LoopFlow"/>, so its writes go first at SQLite's writer.
/// </summary>
public abstract class ClockedLoop(SandboxClock clock, Signal wake, DataReadiness readiness, ILogger logger) : BackgroundService
{
    /// <summary>The loop's name, for its thread and its log lines.</summary>
    protected abstract string Name { get; }

    /// <summary>The longest sleep between rounds, whatever is due.</summary>
    protected abstract TimeSpan LongestWait { get; }

    /// <summary>Does what is due now.</summary>
    protected abstract Task RunRoundAsync(CancellationToken cancellationToken);

    /// <summary>When the loop next has something to do by itself, in sandbox time; null when nothing is planned.</summary>
    protected abstract Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    /// <summary>The earliest work due, in sandbox time, read without side effects (for health).</summary>
    protected abstract Task<DateTimeOffset?> EarliestDueAsync(CancellationToken cancellationToken);

    private volatile bool _looping;

    /// <summary>The loop's name.</summary>
    public string LoopName => Name;

    /// <summary>True while the loop runs: after the data is ready, until it stops.</summary>
    public bool IsLooping => _looping;

    /// <summary>How long work has been due and not done, in real time (zero when nothing is overdue).</summary>
    public async Task<TimeSpan> LagAsync(CancellationToken cancellationToken)
    {
        if (await EarliestDueAsync(cancellationToken) is not { } due || due >= clock.GetUtcNow())
        {
            return TimeSpan.Zero;
        }
        var late = clock.GetUtcNow() - due;
        return clock.Speed > 0 ? TimeSpan.FromTicks((long)(late.Ticks / clock.Speed)) : late;
    }

    /// <inheritdoc />
    protected sealed override Task ExecuteAsync(CancellationToken stoppingToken) => OwnThread.Run(Name, () => RunAsync(stoppingToken));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!await readiness.WhenReadyAsync(stoppingToken))
        {
            return;
        }
        using var flow = LoopFlow.Enter(wake);
        _looping = true;
        try
        {
            await LoopAsync(stoppingToken);
        }
        finally
        {
            _looping = false;
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = LongestWait;
            try
            {
                await RunRoundAsync(stoppingToken);
                wait = Until(await NextDueAsync(stoppingToken));
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: the round was cut short (a cancelled wait, a disposed connection); nothing to report.
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Loop} failed; trying again on the next round", Name);
            }
            await wake.WaitAsync(wait, stoppingToken);
        }
    }

    // A frozen clock reaches nothing by itself: then only a wake-up or the longest wait ends the sleep.
    private TimeSpan Until(DateTimeOffset? next)
    {
        if (next is null || clock.Speed <= 0)
        {
            return LongestWait;
        }
        var real = TimeSpan.FromTicks((long)((next.Value - clock.GetUtcNow()).Ticks / clock.Speed));
        return real <= TimeSpan.Zero ? TimeSpan.Zero : real < LongestWait ? real : LongestWait;
    }
}
