using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.Readiness;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Readiness;

/// <summary>Readiness runs, and the traffic and states a run's grading reads.</summary>
public sealed partial class ReadinessStore(PayAtCounterDb db, StorageWriter writer, IdGenerator ids, WallClock wall, SandboxClock clock, RequestRecorder recorder)
{
    /// <summary>How requests without a valid key are tied to a run, as the report says.</summary>
    public const string UnauthenticatedTie =
        "requests without a valid key are counted in the run when they came in its time from a client address and User-Agent that the run's authenticated requests also came from";

    /// <summary>Starts a run, ending the open one.</summary>
    public Task<Outcome<ReadinessRun>> StartRunAsync(string accountId, string name, string? posVersion, CancellationToken cancellationToken)
        => ConflictRetry.RunAsync<ReadinessRun>(async () =>
        {
            var now = wall.GetUtcNow().UtcTicks;
            var work = new UnitOfWork();
            if (await OpenRunRowAsync(accountId, cancellationToken) is { } open)
            {
                open.EndedWallTicks = now;
                work.Change(open);
            }
            var run = new ReadinessRunRow { Id = ids.Prefixed("rr_"), AccountId = accountId, Name = name, PosVersion = posVersion, StartedWallTicks = now };
            work.Add(run);
            if (!await writer.CommitAsync(work, db))
            {
                return null;   // a conflict: read again
            }
            return run.ToRun();
        });

    /// <summary>The account's runs, newest first.</summary>
    public async Task<List<ReadinessRun>> RunsAsync(string accountId, CancellationToken cancellationToken)
        => (await db.ReadinessRuns.AsNoTracking().Where(r => r.AccountId == accountId).OrderByDescending(r => r.StartedWallTicks).ToListAsync(cancellationToken))
            .Select(r => r.ToRun()).ToList();

    /// <summary>A run of the account, or null.</summary>
    public async Task<ReadinessRun?> FindRunAsync(string accountId, string runId, CancellationToken cancellationToken)
        => (await db.ReadinessRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.AccountId == accountId, cancellationToken))?.ToRun();

    /// <summary>A page of the account's recorded requests, newest first, older than <paramref name="after"/>; with the next page's cursor.</summary>
    public async Task<(IReadOnlyList<RecordedRequestRow> Items, string? Older)> RecentRequestsAsync(string accountId, PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        var rows = db.RecordedRequests.AsNoTracking().Where(r => r.AccountId == accountId);
        if (after is not null)
        {
            rows = rows.Where(r => r.WallTicks < after.Ticks || (r.WallTicks == after.Ticks && string.Compare(r.Id, after.Id) < 0));
        }
        var page = await rows.OrderByDescending(r => r.WallTicks).ThenByDescending(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var older = page.Count > limit ? PageCursor.Encode(page[limit - 1].WallTicks, page[limit - 1].Id) : null;
        return (page.Take(limit).ToList(), older);
    }

    /// <summary>One recorded request of the account, or null.</summary>
    public Task<RecordedRequestRow?> FindRequestAsync(string accountId, string id, CancellationToken cancellationToken)
        => db.RecordedRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.AccountId == accountId, cancellationToken);

    /// <summary>The run open now: the latest started, or, when none was ever started, all the account's traffic.</summary>
    public async Task<ReadinessRun> CurrentRunAsync(string accountId, CancellationToken cancellationToken)
        => (await OpenRunRowAsync(accountId, cancellationToken))?.ToRun()
            ?? new ReadinessRun(null, "All traffic (no run started)", null, DateTimeOffset.MinValue, null);

    /// <summary>What grading <paramref name="run"/> needs: its requests, oldest first, and the sessions and intents they touched, as they are now.</summary>
    public async Task<RunTraffic> TrafficAsync(string accountId, ReadinessRun run, CancellationToken cancellationToken)
    {
        var (from, to) = (run.StartedAt.UtcTicks, run.EndedAt?.UtcTicks ?? long.MaxValue);
        var own = await db.RecordedRequests.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.WallTicks >= from && r.WallTicks < to)
            .OrderBy(r => r.WallTicks).ToListAsync(cancellationToken);
        var clients = own.Select(r => (r.ClientAddress, r.UserAgent)).ToHashSet();
        var anonymous = (await db.RecordedRequests.AsNoTracking()
            .Where(r => r.AccountId == null && r.WallTicks >= from && r.WallTicks < to)
            .ToListAsync(cancellationToken))
            .Where(r => clients.Contains((r.ClientAddress, r.UserAgent)));
        var requests = own.Concat(anonymous).OrderBy(r => r.WallTicks).Select(r => r.ToRecord()).ToList();

        var sessionIds = new HashSet<string>(StringComparer.Ordinal);
        var intentIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests.Where(r => r.AccountId is not null))
        {
            Collect(request, sessionIds, intentIds);
        }
        var sessions = (await db.TerminalSessions.AsNoTracking().Where(s => s.AccountId == accountId && sessionIds.Contains(s.Id)).ToListAsync(cancellationToken))
            .Select(s => s.ToState()).ToDictionary(s => s.Id, StringComparer.Ordinal);
        intentIds.UnionWith(sessions.Values.Select(s => s.PaymentIntentId).OfType<string>());
        var intents = (await db.PaymentIntents.AsNoTracking().Where(p => p.AccountId == accountId && intentIds.Contains(p.Id)).ToListAsync(cancellationToken))
            .Select(p => p.ToState()).ToDictionary(p => p.Id, StringComparer.Ordinal);
        return new RunTraffic
        {
            Run = run,
            Requests = requests,
            Sessions = sessions,
            Intents = intents,
            ClockSpeed = clock.Speed,
            Dropped = recorder.Dropped,
            UnauthenticatedTie = UnauthenticatedTie,
        };
    }

    /// <summary>Deletes requests older than <paramref name="olderThan"/>, and each account's beyond its newest <paramref name="maxPerAccount"/>.</summary>
    public async Task PruneAsync(DateTimeOffset olderThan, int maxPerAccount, CancellationToken cancellationToken)
    {
        var work = new UnitOfWork();
        work.RemoveOlderThan<RecordedRequestRow>(nameof(RecordedRequestRow.WallTicks), olderThan.UtcTicks);
        var crowded = await db.RecordedRequests.AsNoTracking().Where(r => r.AccountId != null)
            .GroupBy(r => r.AccountId).Where(g => g.Count() > maxPerAccount).Select(g => g.Key!).ToListAsync(cancellationToken);
        foreach (var accountId in crowded)
        {
            var keepFrom = await db.RecordedRequests.AsNoTracking().Where(r => r.AccountId == accountId)
                .OrderByDescending(r => r.WallTicks).Skip(maxPerAccount - 1).Select(r => r.WallTicks).FirstAsync(cancellationToken);
            work.RemoveOlderThan<RecordedRequestRow>(nameof(RecordedRequestRow.WallTicks), keepFrom, accountId);
        }
        await writer.CommitAsync(work, db);
    }

    private Task<ReadinessRunRow?> OpenRunRowAsync(string accountId, CancellationToken cancellationToken)
        => db.ReadinessRuns.AsNoTracking().Where(r => r.AccountId == accountId && r.EndedWallTicks == null)
            .OrderByDescending(r => r.StartedWallTicks).FirstOrDefaultAsync(cancellationToken);

    // The sessions and intents a request is about: in its path, or made by it (the id in its answer).
    private static void Collect(RecordedRequest request, HashSet<string> sessionIds, HashSet<string> intentIds)
    {
        if (SessionPath().Match(request.Path) is { Success: true } session)
        {
            sessionIds.Add(session.Groups["id"].Value);
        }
        if (IntentPath().Match(request.Path) is { Success: true } intent)
        {
            intentIds.Add(intent.Groups["id"].Value);
        }
        if (request is { Method: "POST", Status: 200, ResponseBody: { } body } && (request.Path.TrimEnd('/') is "/terminal-sessions" or "/payment-intents"))
        {
            try
            {
                if (JsonNode.Parse(body)?["id"]?.GetValue<string>() is { } id)
                {
                    (request.Path.StartsWith("/terminal-sessions", StringComparison.Ordinal) ? sessionIds : intentIds).Add(id);
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // A body cut at the cap is not JSON; the id is then found from the till's later requests.
            }
        }
    }

    [GeneratedRegex(@"^/terminal-sessions/(?<id>[^/]+)")]
    private static partial Regex SessionPath();

    [GeneratedRegex(@"^/payment-intents/(?!search$|refunds/)(?<id>[^/]+)")]
    private static partial Regex IntentPath();
}
