using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Runs the due steps of a batch of sessions and saves them in one transaction, in plain SQL: the scheduler's
/// hot path. States come from <see cref="LiveStateCache"/> when their row versions still match, so a step
/// usually reads no document; each changed row is written with a version-guarded <c>UPDATE</c>. A row that
/// moved on since (a request, another instance) rolls the whole batch back, and the caller falls back to
/// one session at a time through <see cref="TerminalSessionStore"/>.
/// </summary>
public sealed class SessionStepBatch(PayAtCounterDb db, IdGenerator ids, Hosting.WorkSignals signals, LiveStateCache live, FinishedSessionCache finished)
{
    /// <summary>Runs what is due at <paramref name="sim"/>.Now; returns how many sessions stepped, or null on a concurrent change.</summary>
    public async Task<int?> RunAsync(IReadOnlyList<string> sessionIds, Simulation sim, Action<TerminalSessionState> beforeStep, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var links = await PlainSql.SessionLinksAsync(connection, sessionIds, cancellationToken);
            var sessions = await StatesAsync(connection, "terminal_sessions", live.Sessions, StorageJsonContext.Default.TerminalSessionState,
                links.Select(l => ((string?)l.SessionId, (int?)l.SessionVersion)), cancellationToken);
            var terminals = await StatesAsync(connection, "terminals", live.Terminals, StorageJsonContext.Default.TerminalState,
                links.Select(l => ((string?)l.TerminalId, l.TerminalVersion)), cancellationToken);
            var intents = await StatesAsync(connection, "payment_intents", live.Intents, StorageJsonContext.Default.PaymentIntentState,
                links.Select(l => (l.IntentId, l.IntentVersion)), cancellationToken);

            var steps = new List<Step>();
            foreach (var link in links)
            {
                if (!sessions.TryGetValue(link.SessionId, out var session))
                {
                    continue;
                }
                // A removed terminal is rebuilt in memory so its last session can still finish.
                var terminal = terminals.GetValueOrDefault(link.TerminalId)
                    ?? new TerminalState { Id = session.TerminalId, AccountId = session.AccountId, Tid = session.Tid, UpdatedAt = session.UpdatedAt };
                var world = new SessionWorld(session, terminal, link.IntentId is { } intentId ? intents.GetValueOrDefault(intentId) : null);
                beforeStep(session);
                if (TerminalSessionCommands.RunDue(world, sim) is { } change)
                {
                    steps.Add(new Step(link, world, change, Outbox.Rows(ids, session.AccountId, change.IntentEvents)));
                }
            }
            if (steps.Count == 0)
            {
                return 0;
            }
            if (!await SaveAsync(steps))
            {
                return null;
            }
            foreach (var step in steps)
            {
                RememberCommitted(step);
            }
            // Run by the scheduler, which looks for its next due time next; only the dispatcher needs waking.
            signals.Stored([], steps.Sum(s => s.Events.Count(e => !e.FannedOut)));
            return steps.Count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Cached states whose version still matches, and one query per kind for the rest.
    private static async Task<Dictionary<string, T>> StatesAsync<T>(
        DbConnection connection, string table, VersionedStates<T> cache, JsonTypeInfo<T> type, IEnumerable<(string? Id, int? Version)> wanted, CancellationToken cancellationToken)
        where T : class
    {
        var states = new Dictionary<string, T>(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, version) in wanted)
        {
            if (id is null || version is null || states.ContainsKey(id))
            {
                continue;
            }
            if (cache.Find(id, version.Value) is { } cached)
            {
                states[id] = cached;
            }
            else
            {
                missing.Add(id);
            }
        }
        foreach (var (id, version, document) in await PlainSql.DocumentsAsync(connection, table, missing, cancellationToken))
        {
            var state = JsonSerializer.Deserialize(document, type) ?? throw new InvalidDataException($"Row {id} has an empty document.");
            cache.Remember(id, version, state);
            states[id] = state;
        }
        return states;
    }

    private async Task<bool> SaveAsync(List<Step> steps)
    {
        // Not cancellable once started, like the group commit: a half-saved batch cannot happen, and a batch
        // abandoned at shutdown is simply run again at the next start.
        return await db.InWriterTurnAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var tx = transaction.GetDbTransaction();
            var events = steps.SelectMany(s => s.Events).ToList();
            if (events.Count > 0)
            {
                Outbox.MarkUnwatched(events, await PlainSql.SubscribedAccountsAsync(tx, events.Select(e => e.AccountId).ToHashSet(StringComparer.Ordinal)));
            }
            await using var sessionUpdate = new PlainSql.GuardedUpdate(tx, "terminal_sessions", "CreatedAtTicks", "NextDueAtTicks", "Document");
            await using var terminalUpdate = new PlainSql.GuardedUpdate(tx, "terminals", "Document");
            await using var intentUpdate = new PlainSql.GuardedUpdate(tx, "payment_intents", "Status", "CreatedAtTicks", "NextDueAtTicks", "Document");
            foreach (var step in steps)
            {
                var (link, change) = (step.Link, step.Change);
                var ok = await sessionUpdate.RunAsync(link.SessionId, link.SessionVersion,
                    change.Session.CreatedAt.UtcTicks, change.Session.DueAt?.UtcTicks, JsonSerializer.Serialize(change.Session, StorageJsonContext.Default.TerminalSessionState));
                if (ok && step.TerminalChanged)
                {
                    ok = await terminalUpdate.RunAsync(link.TerminalId, link.TerminalVersion!.Value, JsonSerializer.Serialize(change.Terminal, StorageJsonContext.Default.TerminalState));
                }
                if (ok && step.IntentChanged)
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
            await PlainSql.EventsAsync(tx, events);
            await PlainSql.RefundsAsync(tx, steps.Where(s => s.Change.Refund is not null).Select(s => Documents.ToRow(s.Change.Refund!)).ToList());
            await transaction.CommitAsync(CancellationToken.None);
            return true;
        });
    }

    private void RememberCommitted(Step step)
    {
        var (link, change) = (step.Link, step.Change);
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
        live.Sessions.Remember(link.SessionId, link.SessionVersion + 1, change.Session);
        if (step.TerminalChanged)
        {
            live.Terminals.Remember(link.TerminalId, link.TerminalVersion!.Value + 1, change.Terminal);
        }
        if (step.IntentChanged)
        {
            live.Intents.Remember(link.IntentId!, link.IntentVersion!.Value + 1, change.Intent!);
        }
    }

    private sealed record Step(SessionLinks Link, SessionWorld Before, SessionWorldChange Change, List<OutboxEventRow> Events)
    {
        // Only what the step changed is written (same instance as read means unchanged), and only rows that still exist.
        public bool TerminalChanged => Link.TerminalVersion is not null && !ReferenceEquals(Change.Terminal, Before.Terminal);
        public bool IntentChanged => Link.IntentVersion is not null && Change.Intent is not null && !ReferenceEquals(Change.Intent, Before.Intent);
    }
}
