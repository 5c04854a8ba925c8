using System.Data.Common;
using System.Text.Json;
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
        if (events.Count > 0)
        {
            Outbox.MarkUnwatched(events, await PlainSql.SubscribedAccountsAsync(transaction, events.Select(e => e.AccountId).ToHashSet(StringComparer.Ordinal)));
        }
        await PlainSql.SessionsAsync(transaction, writes.Where(w => w.IsNew).Select(NewRow).ToList());
        await using var sessionUpdate = new PlainSql.GuardedUpdate(transaction, "terminal_sessions", "CreatedAtTicks", "NextDueAtTicks", "Document");
        await using var terminalUpdate = new PlainSql.GuardedUpdate(transaction, "terminals", "Document");
        await using var intentUpdate = new PlainSql.GuardedUpdate(transaction, "payment_intents", "Status", "CreatedAtTicks", "NextDueAtTicks", "Document");
        foreach (var write in writes)
        {
            var (link, change) = (write.Link, write.Change);
            var ok = write.IsNew || await sessionUpdate.RunAsync(link.SessionId, link.SessionVersion,
                change.Session.CreatedAt.UtcTicks, change.Session.DueAt?.UtcTicks, JsonSerializer.Serialize(change.Session, StorageJsonContext.Default.TerminalSessionState));
            if (ok && write.TerminalChanged)
            {
                ok = await terminalUpdate.RunAsync(link.TerminalId, link.TerminalVersion!.Value, JsonSerializer.Serialize(change.Terminal, StorageJsonContext.Default.TerminalState));
            }
            if (ok && write.IntentChanged)
            {
                var intent = change.Intent!;
                ok = await intentUpdate.RunAsync(link.IntentId!, link.IntentVersion!.Value,
                    intent.Status.ToString(), intent.CreatedAt.UtcTicks, intent.NextDueAt?.UtcTicks, JsonSerializer.Serialize(intent, StorageJsonContext.Default.PaymentIntentState));
            }
            if (!ok)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return false;
            }
        }
        await PlainSql.EventsAsync(transaction, events);
        await PlainSql.RefundsAsync(transaction, writes.Where(w => w.Change.Refund is not null).Select(w => Documents.ToRow(w.Change.Refund!)).ToList());
        return true;
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
        live.Sessions.Remember(link.SessionId, write.IsNew ? NewVersion : link.SessionVersion + 1, change.Session);
        if (link.TerminalVersion is { } terminalVersion)
        {
            live.Terminals.Remember(link.TerminalId, write.TerminalChanged ? terminalVersion + 1 : terminalVersion, change.Terminal);
        }
        if (link.IntentVersion is { } intentVersion && (change.Intent ?? write.Before.Intent) is { } intent)
        {
            live.Intents.Remember(link.IntentId!, write.IntentChanged ? intentVersion + 1 : intentVersion, intent);
        }
    }

    // The version a session row starts at, as the EF Core path stores it.
    private const int NewVersion = 1;

    private static TerminalSessionRow NewRow(SessionWrite write)
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
