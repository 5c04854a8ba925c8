using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine.Clock;

namespace PayAtCounter.Server.Storage;

/// <summary>Keeps the sandbox clock monotonic across restarts.</summary>
public static class ClockStore
{
    /// <summary>Records that work was done at <paramref name="now"/> (keeps the latest).</summary>
    public static async Task SaveAsync(PayAtCounterDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.SandboxClock.FirstOrDefaultAsync(c => c.Id == 1, cancellationToken);
        if (row is null)
        {
            db.SandboxClock.Add(new SandboxClockRow { Id = 1, SandboxTicks = now.UtcTicks });
        }
        else if (row.SandboxTicks < now.UtcTicks)
        {
            row.SandboxTicks = now.UtcTicks;
        }
        else
        {
            return;
        }
        await db.SaveChangesAsync(cancellationToken);
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
