using System.Data.Common;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.TerminalSessions;

namespace PayAtCounter.Server.Scheduling;

/// <summary>
/// Runs the due steps of a batch of sessions and commits them as one unit of work: the scheduler's hot path.
/// States come from <see cref="LiveStateCache"/> when their row versions still match, so a step usually reads no
/// document. A row that moved on since (a request, another instance) makes the whole unit a conflict, and the
/// caller falls back to one session at a time through <see cref="TerminalSessionStore"/>.
/// </summary>
public sealed class SessionStepBatch(PayAtCounterDb db, StorageWriter writer, IdGenerator ids, LiveStateCache live)
{
    /// <summary>Runs what is due at <paramref name="sim"/>.Now; returns how many sessions stepped, or null on a concurrent change.</summary>
    public async Task<int?> RunAsync(IReadOnlyList<string> sessionIds, Simulation sim, Action<TerminalSessionState> beforeStep, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var links = await SessionLinks.ReadAsync(connection, sessionIds, cancellationToken);
            var sessions = await StatesAsync(connection, "terminal_sessions", live.Sessions, StorageJsonContext.Default.TerminalSessionState,
                links.Select(l => ((string?)l.SessionId, (int?)l.SessionVersion)), cancellationToken);
            var terminals = await StatesAsync(connection, "terminals", live.Terminals, StorageJsonContext.Default.TerminalState,
                links.Select(l => ((string?)l.TerminalId, l.TerminalVersion)), cancellationToken);
            var intents = await StatesAsync(connection, "payment_intents", live.Intents, StorageJsonContext.Default.PaymentIntentState,
                links.Select(l => (l.IntentId, l.IntentVersion)), cancellationToken);

            var work = new UnitOfWork();
            var stepped = 0;
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
                    new SessionWrite(link, world, change).StageIn(work, ids);
                    stepped++;
                }
            }
            if (stepped == 0)
            {
                return 0;
            }
            return await writer.CommitAsync(work, db) ? stepped : null;
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
        foreach (var (id, version, document) in await SqlReads.DocumentsAsync(connection, table, missing, cancellationToken))
        {
            var state = Documents.Read(id, document, type);
            cache.Remember(id, version, state);
            states[id] = state;
        }
        return states;
    }
}
