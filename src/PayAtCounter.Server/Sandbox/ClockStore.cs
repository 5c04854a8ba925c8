using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Sandbox;

/// <summary>
/// Keeps sandbox time from going back across a restart, even after a kill: the stored time is a lease that runs a
/// few real seconds ahead of the clock (<see cref="ClockLease"/>), so every time the server has handed out is
/// earlier than it, and at start-up the clock resumes from it.
/// </summary>
public sealed class ClockStore(PayAtCounterDb db, StorageWriter writer, SandboxClock clock, ClockLease lease)
{
    /// <summary>Renews the lease when half of it is used; the scheduler calls this every round.</summary>
    public async Task KeepAheadAsync()
    {
        if (lease.RenewalDue(clock.GetUtcNow()) is { } until)
        {
            await StoreAsync(until);
        }
    }

    /// <summary>
    /// Moves sandbox time forward by <paramref name="by"/>: the lease is stored for the new time first, so no
    /// moment of the new time is handed out before it is covered.
    /// </summary>
    public async Task<DateTimeOffset> AdvanceAsync(TimeSpan by)
    {
        await StoreAsync(lease.For(clock.GetUtcNow() + by));
        return clock.Advance(by);
    }

    /// <summary>The stored sandbox time, or null before anything was stored.</summary>
    public async Task<DateTimeOffset?> StoredAsync(CancellationToken cancellationToken)
        => await db.SandboxClock.AsNoTracking().Where(c => c.Id == SandboxClockRow.TheClock).Select(c => (long?)c.SandboxTicks).FirstOrDefaultAsync(cancellationToken) is { } ticks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;

    private async Task StoreAsync(DateTimeOffset until)
    {
        var work = new UnitOfWork();
        work.RecordClock(until);
        await writer.CommitAsync(work, db);
        lease.Stored(until);
    }
}

/// <summary>
/// How far ahead of the clock the stored time runs. Ahead by <see cref="Ahead"/> of real time (so by that times the
/// clock's speed in sandbox time), renewed once half of it is used: the scheduler, which renews it, can be late by
/// up to half of it and the stored time is still ahead of everything handed out. A frozen clock needs no lease:
/// only an advance moves it, and the advance stores its new time first.
/// </summary>
public sealed class ClockLease(SandboxClock clock)
{
    /// <summary>Real time the stored clock runs ahead of the sandbox clock.</summary>
    public static readonly TimeSpan Ahead = TimeSpan.FromSeconds(4);

    private long _storedTicks = long.MinValue;

    /// <summary>The time to store so that the lease covers <paramref name="time"/> and the next <see cref="Ahead"/> of real time.</summary>
    public DateTimeOffset For(DateTimeOffset time) => time + Ahead * clock.Speed;

    /// <summary>The time to store now, or null while the stored lease still has more than half to run.</summary>
    public DateTimeOffset? RenewalDue(DateTimeOffset now)
        => clock.Speed > 0 && now + Ahead * clock.Speed / 2 > new DateTimeOffset(Math.Max(Volatile.Read(ref _storedTicks), 0), TimeSpan.Zero) ? For(now) : null;

    /// <summary>When the scheduler must next renew the lease (sandbox time); null for a frozen clock.</summary>
    public DateTimeOffset? RenewAt
        => clock.Speed > 0 && Volatile.Read(ref _storedTicks) is var stored and > 0
            ? new DateTimeOffset(stored, TimeSpan.Zero) - Ahead * clock.Speed / 2
            : null;

    /// <summary>Notes a stored time (the latest wins).</summary>
    public void Stored(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        for (var seen = Volatile.Read(ref _storedTicks); seen < ticks; seen = Volatile.Read(ref _storedTicks))
        {
            if (Interlocked.CompareExchange(ref _storedTicks, ticks, seen) == seen)
            {
                return;
            }
        }
    }
}

/// <summary>Restores the sandbox clock at start-up.</summary>
public static class ClockRestore
{
    /// <summary>At start-up: moves the clock up to the stored time, the lease of the last run.</summary>
    public static async Task RestoreSandboxClockAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<ClockStore>().StoredAsync(cancellationToken) is { } stored)
        {
            services.GetRequiredService<SandboxClock>().EnsureAtLeast(stored);
            services.GetRequiredService<ClockLease>().Stored(stored);
        }
    }
}

/// <summary>The stored sandbox time (<see cref="ClockStore"/>): one row.</summary>
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
