using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PayAtCounter.Engine.TerminalSessions;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Writes session world changes in plain SQL, inside a transaction the caller holds: a new session is
/// inserted, and each changed row (session, terminal, intent) is written with a version-guarded
/// <c>UPDATE</c>; the intent's events and any refund are inserted alongside, events of accounts without
/// webhook subscriptions already marked fanned out. Used by session creation and by scheduler steps, the
/// two hot paths; commands from requests keep the EF Core path in <see cref="TerminalSessionStore"/>.
/// </summary>
internal static class SessionWorldWriter
{
    /// <summary>
    /// Stores <paramref name="writes"/> in a transaction of their own, in the database's writer turn; false, with
    /// nothing stored, when a row moved on since it was read. Not cancellable once started: it is one short
    /// transaction, and work abandoned at shutdown is simply found again at the next start.
    /// </summary>
    public static Task<bool> SaveAloneAsync(PayAtCounterDb db, IReadOnlyList<SessionWrite> writes)
        => db.InWriterTurnAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            if (!await SaveAsync(transaction.GetDbTransaction(), writes))
            {
                return false;
            }
            await transaction.CommitAsync(CancellationToken.None);
            return true;
        });

    /// <summary>Stores <paramref name="writes"/>; false, with nothing stored, when a row moved on since it was read.</summary>
    public static async Task<bool> SaveAsync(DbTransaction transaction, IReadOnlyList<SessionWrite> writes)
    {
        var events = writes.SelectMany(w => w.Events).ToList();
        await Outbox.MarkUnwatchedAsync(transaction, events);
        // Row locks are taken in one order, the order EF Core's own saves use (by table name: intents, sessions,
        // terminals; then by id), so on PostgreSQL this and a request's save wait for each other instead of deadlocking.
        await using (var intentUpdate = new PlainSql.GuardedUpdate(transaction, "payment_intents", "Status", "CreatedAtTicks", "NextDueAtTicks", "Document"))
        {
            foreach (var write in writes.Where(w => w.IntentChanged).OrderBy(w => w.Link.IntentId, StringComparer.Ordinal))
            {
                var row = new PaymentIntentRow { Id = write.Link.IntentId!, AccountId = write.Change.Intent!.AccountId, Status = "", Document = "" };
                Documents.Write(row, write.Change.Intent!);
                if (!await intentUpdate.RunAsync(row.Id, write.Link.IntentVersion!.Value, row.Status, row.CreatedAtTicks, row.NextDueAtTicks, row.Document))
                {
                    return await RollBackAsync(transaction);
                }
            }
        }
        await PlainSql.SessionsAsync(transaction, writes.Where(w => w.IsNew).Select(SessionRow).OrderBy(r => r.Id, StringComparer.Ordinal).ToList());
        await using (var sessionUpdate = new PlainSql.GuardedUpdate(transaction, "terminal_sessions", "CreatedAtTicks", "NextDueAtTicks", "Document"))
        {
            foreach (var write in writes.Where(w => !w.IsNew).OrderBy(w => w.Link.SessionId, StringComparer.Ordinal))
            {
                var row = SessionRow(write);
                if (!await sessionUpdate.RunAsync(row.Id, write.Link.SessionVersion, row.CreatedAtTicks, row.NextDueAtTicks, row.Document))
                {
                    return await RollBackAsync(transaction);
                }
            }
        }
        await using (var terminalUpdate = new PlainSql.GuardedUpdate(transaction, "terminals", "Document"))
        {
            foreach (var write in writes.Where(w => w.TerminalChanged).OrderBy(w => w.Link.TerminalId, StringComparer.Ordinal))
            {
                var row = new TerminalRow { Id = write.Link.TerminalId, AccountId = write.Change.Terminal.AccountId, Document = "" };
                Documents.Write(row, write.Change.Terminal);
                if (!await terminalUpdate.RunAsync(row.Id, write.Link.TerminalVersion!.Value, row.Document))
                {
                    return await RollBackAsync(transaction);
                }
            }
        }
        await PlainSql.EventsAsync(transaction, events);
        await PlainSql.RefundsAsync(transaction, writes.Where(w => w.Change.Refund is not null).Select(w => Documents.ToRow(w.Change.Refund!)).ToList());
        return true;
    }

    private static async Task<bool> RollBackAsync(DbTransaction transaction)
    {
        await transaction.RollbackAsync(CancellationToken.None);
        return false;
    }

    /// <summary>After the commit: keeps the new states of a live session for its next step, or lets go of a finished one.</summary>
    public static void RememberCommitted(SessionWrite write, LiveStateCache live, FinishedSessionCache finished)
    {
        var (link, change) = (write.Link, write.Change);
        if (change.Session.IsFinal)
        {
            // Over: nothing will step it again, and EPOS poll finished sessions.
            live.Sessions.Forget(link.SessionId);
            live.Terminals.Forget(link.TerminalId);
            if (link.IntentId is not null)
            {
                live.Intents.Forget(link.IntentId);
            }
            finished.Remember(change.Session);
            return;
        }
        // Only rows this write stored: their version is known for sure. (A row left unchanged may have been read
        // at a newer version than its link names; the read itself remembered it at that version.)
        live.Sessions.Remember(link.SessionId, write.IsNew ? NewVersion : link.SessionVersion + 1, change.Session);
        if (write.TerminalChanged)
        {
            live.Terminals.Remember(link.TerminalId, link.TerminalVersion!.Value + 1, change.Terminal);
        }
        if (write.IntentChanged)
        {
            live.Intents.Remember(link.IntentId!, link.IntentVersion!.Value + 1, change.Intent!);
        }
    }

    // The version a session row starts at, as the EF Core path stores it.
    private const int NewVersion = 1;

    // The row's columns as Documents.Write derives them; the version is the one a new row starts at.
    private static TerminalSessionRow SessionRow(SessionWrite write)
    {
        var session = write.Change.Session;
        var row = new TerminalSessionRow { Id = session.Id, AccountId = session.AccountId, TerminalId = session.TerminalId, PaymentIntentId = session.PaymentIntentId, Document = "", Version = NewVersion };
        Documents.Write(row, session);
        return row;
    }
}

/// <summary>
/// One session world change to store: the versions it was computed from, the world before and after, and
/// its outbox events. <see cref="IsNew"/> when the session itself is being created.
/// </summary>
internal sealed record SessionWrite(SessionLinks Link, SessionWorld Before, SessionWorldChange Change, List<OutboxEventRow> Events, bool IsNew = false)
{
    /// <summary>The step changed the terminal (same instance as read means unchanged) and the row still exists.</summary>
    public bool TerminalChanged => Link.TerminalVersion is not null && !ReferenceEquals(Change.Terminal, Before.Terminal);

    /// <summary>The step changed the intent and the row still exists.</summary>
    public bool IntentChanged => Link.IntentVersion is not null && Change.Intent is not null && !ReferenceEquals(Change.Intent, Before.Intent);
}
