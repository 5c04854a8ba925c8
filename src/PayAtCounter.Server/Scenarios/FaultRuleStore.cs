using Microsoft.EntityFrameworkCore;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Scenarios;

/// <summary>Adds, lists and removes fault rules, and takes calls from their counts (shared by every instance).</summary>
public sealed class FaultRuleStore(PayAtCounterDb db, StorageWriter writer)
{
    /// <summary>Rules an account can have at once.</summary>
    public const int MaxRules = 100;

    /// <summary>Every rule that may still apply, of every account (what each instance keeps in memory).</summary>
    public async Task<List<(FaultRule Rule, int? Remaining)>> ActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.FaultRules.AsNoTracking()
            .Where(r => r.ExpiresAtWallTicks > now.UtcTicks && (r.Remaining == null || r.Remaining > 0))
            .OrderBy(r => r.CreatedAtWallTicks).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(r => (Read(r), r.Remaining)).ToList();
    }

    /// <summary>The account's rules, oldest first (the order they are tried in), spent and expired ones too.</summary>
    public async Task<List<(FaultRule Rule, int? Remaining)>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = await db.FaultRules.AsNoTracking().Where(r => r.AccountId == accountId)
            .OrderBy(r => r.CreatedAtWallTicks).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(r => (Read(r), r.Remaining)).ToList();
    }

    /// <summary>How many of the account's rules may still apply (spent and expired ones do not count against the limit).</summary>
    public Task<int> CountActiveAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken)
        => db.FaultRules.CountAsync(r => r.AccountId == accountId && r.ExpiresAtWallTicks > now.UtcTicks && (r.Remaining == null || r.Remaining > 0), cancellationToken);

    /// <summary>Adds a rule.</summary>
    public Task<bool> AddAsync(FaultRule rule)
    {
        var work = new UnitOfWork();
        work.Add(new FaultRuleRow
        {
            Id = rule.Id,
            AccountId = rule.AccountId,
            Remaining = rule.Count,
            ExpiresAtWallTicks = rule.ExpiresAt.UtcTicks,
            CreatedAtWallTicks = rule.CreatedAt.UtcTicks,
            Document = System.Text.Json.JsonSerializer.Serialize(rule, StorageJsonContext.Default.FaultRule),
        });
        return writer.CommitAsync(work, db);
    }

    /// <summary>Removes rule <paramref name="id"/> of the account; false when there is none.</summary>
    public Task<bool> RemoveAsync(string accountId, string id, CancellationToken cancellationToken)
        => ConflictRetry.RemoveRowAsync(writer, db, () => db.FaultRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.AccountId == accountId, cancellationToken));

    /// <summary>
    /// Takes one call from rule <paramref name="id"/>'s count; false when none is left. Instances race for the last
    /// calls through the row's version, so a rule with a count of one applies once, whichever instance gets the call.
    /// </summary>
    public async Task<bool> TakeAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < ConflictRetry.MaxAttempts * 4; attempt++)
        {
            if (await db.FaultRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { Remaining: > 0 } row)
            {
                return false;
            }
            row.Remaining--;
            var work = new UnitOfWork();
            work.Change(row);
            if (await writer.CommitAsync(work, db))
            {
                return true;
            }
        }
        return false;
    }

    private static FaultRule Read(FaultRuleRow row) => Documents.Read(row.Id, row.Document, StorageJsonContext.Default.FaultRule);
}
