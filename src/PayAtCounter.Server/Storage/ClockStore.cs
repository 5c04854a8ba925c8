using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine.Clock;

namespace PayAtCounter.Server.Storage;

/// <summary>Keeps the sandbox clock monotonic across restarts.</summary>
public static class ClockStore
{
    /// <summary>
    /// Records that work was done at <paramref name="now"/>, keeping the latest. One conditional UPDATE, so a request
    /// and the scheduler recording at the same moment cannot collide; the row is created at start-up.
    /// It takes its turn at SQLite's writer like every other write: outside the queue it raced the queued
    /// writers for the lock, and SQLite's busy handler slept between tries (hundreds of ms under a burst).
    /// </summary>
    public static Task SaveAsync(PayAtCounterDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ticks = now.UtcTicks;
        return db.InWriterTurnAsync(() => db.SandboxClock.Where(c => c.Id == 1 && c.SandboxTicks < ticks)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.SandboxTicks, ticks), cancellationToken));
    }

    /// <summary>At start-up: moves the clock up to the last recorded sandbox time.</summary>
    public static async Task RestoreSandboxClockAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<PayAtCounterDb>().SandboxClock.AsNoTracking().FirstOrDefaultAsync(c => c.Id == 1, cancellationToken);
        if (row is not null)
        {
            services.GetRequiredService<SandboxClock>().EnsureAtLeast(new DateTimeOffset(row.SandboxTicks, TimeSpan.Zero));
        }
    }
}
