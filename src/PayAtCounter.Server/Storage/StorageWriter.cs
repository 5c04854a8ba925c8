using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PayAtCounter.Server.Observability;
using PayAtCounter.Server.Scheduling;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Commits units of work: the one way the server writes. A unit that only adds rows shares a commit with other
/// requests' (<see cref="GroupCommit"/>); any other commits alone, in the database's writer turn
/// (<see cref="WriterGate"/>), in one transaction. Either way, events of accounts that nobody subscribes to are
/// stored as fanned out, and once committed the loops with new work are woken (<see cref="WorkSignals"/>) and the
/// caches learn the new states (<see cref="LiveStateCache"/>), and so does the dashboard if it is open (<see cref="CommitFeed"/>). A conflict (a guarded row moved on, a key taken) is
/// reported as false with nothing stored, never thrown; the caller reads again (<see cref="ConflictRetry"/>).
/// Commits are not cancellable: each is one short transaction, and once begun it finishes so its caller learns the
/// outcome.
/// </summary>
public sealed class StorageWriter(IServiceScopeFactory scopes, GroupCommit groupCommit, WorkSignals signals, LiveStateCache caches, CommitFeed feed)
{
    /// <summary>
    /// Commits <paramref name="work"/>; false, with nothing stored, on a conflict. <paramref name="db"/> is the
    /// context whose connection to use (on PostgreSQL its open transaction, a claim, becomes the unit's and ends
    /// here); without it the writer uses a context of its own when it needs one.
    /// </summary>
    public async Task<bool> CommitAsync(UnitOfWork work, PayAtCounterDb? db = null)
    {
        if (work.IsEmpty)
        {
            // Nothing to write; a claim held by the context ends here all the same, as with any other unit.
            if (db?.Database.CurrentTransaction is { } claim)
            {
                await claim.CommitAsync(CancellationToken.None);
            }
            return true;
        }
        // A span per commit: SQLite's writes go through SQLitePCL directly, where no database instrumentation sees them.
        using var activity = PayAtCounterMetrics.Source.StartActivity("storage commit");
        activity?.SetTag("db.rows.added", work.Added.Count);
        activity?.SetTag("db.rows.changed", work.Changed.Count);
        bool committed;
        if (work.OnlyAdds && db?.Database.CurrentTransaction is null)
        {
            committed = await groupCommit.CommitAsync(work);
        }
        else if (db is not null)
        {
            committed = await CommitAloneAsync(db, work);
        }
        else
        {
            await using var scope = scopes.CreateAsyncScope();
            committed = await CommitAloneAsync(scope.ServiceProvider.GetRequiredService<PayAtCounterDb>(), work);
        }
        activity?.SetTag("db.committed", committed);
        if (committed)
        {
            Committed(work);
        }
        return committed;
    }

    private static async Task<bool> CommitAloneAsync(PayAtCounterDb db, UnitOfWork work)
    {
        if (db.Database.CurrentTransaction is { } claim)
        {
            return await ApplyAsync(db, claim, [work]);
        }
        return await WriterGate.InTurnAsync(db, async () =>
        {
            // Immediate on SQLite: the subscription read and the writes are one write transaction. A failure rolls
            // it back here, inside the turn, so no one after it meets a held write lock.
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            return await ApplyAsync(db, transaction, [work]);
        });
    }

    /// <summary>
    /// Applies <paramref name="works"/> in <paramref name="transaction"/> and ends it: committed, or rolled back on a
    /// conflict (false). Other failures throw, and disposing the transaction rolls it back.
    /// </summary>
    internal static async Task<bool> ApplyAsync(PayAtCounterDb db, IDbContextTransaction transaction, IReadOnlyList<UnitOfWork> works)
    {
        bool applied;
        try
        {
            applied = await SqlWrites.ApplyAsync(transaction.GetDbTransaction(), db.Model, works);
        }
        catch (DbException conflict) when (SqlWrites.IsConflict(conflict))
        {
            applied = false;
        }
        if (applied)
        {
            await transaction.CommitAsync(CancellationToken.None);
        }
        else
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        return applied;
    }

    private void Committed(UnitOfWork work)
    {
        foreach (var row in work.Changed)
        {
            row.Version++;
        }
        var rows = work.Added.Count + work.Changed.Count;
        Span<long?> due = rows <= 16 ? stackalloc long?[rows] : new long?[rows];
        var dueCount = 0;
        var forDispatcher = false;
        foreach (var row in work.Added)
        {
            Note(row, due, ref dueCount, ref forDispatcher);
        }
        foreach (var row in work.Changed)
        {
            Note(row, due, ref dueCount, ref forDispatcher);
        }
        signals.Stored(due[..dueCount], forDispatcher);
        caches.Committed(work);
        feed.Committed(work);
    }

    private static void Note(object row, Span<long?> due, ref int dueCount, ref bool forDispatcher)
    {
        if (row is IScheduledRow { NextDueAtTicks: { } ticks })
        {
            due[dueCount++] = ticks;
        }
        forDispatcher |= row is IDispatchedRow { AwaitsDispatcher: true };
    }
}
