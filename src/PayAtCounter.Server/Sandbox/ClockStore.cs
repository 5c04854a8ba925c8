using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Sandbox;

/// <summary>Keeps the sandbox clock monotonic across restarts.</summary>
public sealed class ClockStore(PayAtCounterDb db, StorageWriter writer)
{
    /// <summary>
    /// Records that work was done at <paramref name="now"/>, keeping the latest. Written like every other write,
    /// in its turn at SQLite's writer: outside the queue it raced the queued writers for the lock, and SQLite's busy
    /// handler slept between tries (hundreds of ms under a burst).
    /// </summary>
    public Task RecordAsync(DateTimeOffset now)
    {
        var work = new UnitOfWork();
        work.RecordClock(now);
        return writer.CommitAsync(work, db);
    }

    /// <summary>The last recorded sandbox time, or null before anything was recorded.</summary>
    public async Task<DateTimeOffset?> LastRecordedAsync(CancellationToken cancellationToken)
        => await db.SandboxClock.AsNoTracking().Where(c => c.Id == SandboxClockRow.TheClock).Select(c => (long?)c.SandboxTicks).FirstOrDefaultAsync(cancellationToken) is { } ticks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
}

/// <summary>Restores the sandbox clock at start-up.</summary>
public static class ClockRestore
{
    /// <summary>At start-up: moves the clock up to the last recorded sandbox time.</summary>
    public static async Task RestoreSandboxClockAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<ClockStore>().LastRecordedAsync(cancellationToken) is { } last)
        {
            services.GetRequiredService<SandboxClock>().EnsureAtLeast(last);
        }
    }
}

/// <summary>The latest sandbox time at which work was done, so a restart never turns the clock back.</summary>
public sealed class SandboxClockRow
{
    /// <summary>The id of the one row.</summary>
    public const int TheClock = 1;

    /// <summary>Always <see cref="TheClock"/>: there is one clock.</summary>
    public int Id { get; set; }
    /// <summary>Sandbox time, UTC ticks.</summary>
    public long SandboxTicks { get; set; }
}

internal sealed class SandboxClockTable : IEntityTypeConfiguration<SandboxClockRow>
{
    public void Configure(EntityTypeBuilder<SandboxClockRow> clock)
    {
        clock.ToTable("sandbox_clock");
        clock.HasKey(c => c.Id);
        clock.Property(c => c.Id).ValueGeneratedNever();
    }
}
