using Microsoft.EntityFrameworkCore;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Webhooks;

/// <summary>Adds, lists and removes delivery rules, and takes events from their counts (shared by every instance).</summary>
public sealed class DeliveryRuleStore(PayAtCounterDb db, StorageWriter writer)
{
    /// <summary>Rules an account can have at once.</summary>
    public const int MaxRules = 100;

    /// <summary>Every rule not yet expired, of every account, oldest first.</summary>
    public Task<List<DeliveryRuleRow>> ActiveAsync(DateTimeOffset wallNow, CancellationToken cancellationToken)
        => db.DeliveryRules.AsNoTracking().Where(r => r.ExpiresAtWallTicks > wallNow.UtcTicks).OrderBy(r => r.Id).ToListAsync(cancellationToken);

    /// <summary>The account's rules, spent and expired ones too, oldest first.</summary>
    public Task<List<DeliveryRuleRow>> ListAsync(string accountId, CancellationToken cancellationToken)
        => db.DeliveryRules.AsNoTracking().Where(r => r.AccountId == accountId).OrderBy(r => r.Id).ToListAsync(cancellationToken);

    /// <summary>How many of the account's rules are not yet expired.</summary>
    public Task<int> CountActiveAsync(string accountId, DateTimeOffset wallNow, CancellationToken cancellationToken)
        => db.DeliveryRules.CountAsync(r => r.AccountId == accountId && r.ExpiresAtWallTicks > wallNow.UtcTicks, cancellationToken);

    /// <summary>Adds a rule.</summary>
    public Task<bool> AddAsync(DeliveryRule rule)
    {
        var work = new UnitOfWork();
        work.Add(new DeliveryRuleRow
        {
            Id = rule.Id,
            AccountId = rule.AccountId,
            SubscriptionId = rule.SubscriptionId,
            ExpiresAtWallTicks = rule.ExpiresAt.UtcTicks,
            Document = System.Text.Json.JsonSerializer.Serialize(rule, StorageJsonContext.Default.DeliveryRule),
        });
        return writer.CommitAsync(work, db);
    }

    /// <summary>Removes rule <paramref name="id"/> of the account; false when there is none.</summary>
    public Task<bool> RemoveAsync(string accountId, string id, CancellationToken cancellationToken)
        => ConflictRetry.RemoveRowAsync(writer, db, () => db.DeliveryRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.AccountId == accountId, cancellationToken));

    /// <summary>
    /// Takes the next event for rule <paramref name="id"/>: its place among the events the rule has taken (0 for
    /// the first) and when its Reorder window opened (<paramref name="now"/> for the first); null when it has
    /// taken all it may. Instances race for places through the row's version.
    /// </summary>
    public async Task<(int Index, DateTimeOffset WindowStart)?> TakeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < ConflictRetry.MaxAttempts * 4; attempt++)
        {
            if (await db.DeliveryRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } row
                || (row.ReadRule().Count is { } count && row.Used >= count))
            {
                return null;
            }
            var index = row.Used;
            row.Used++;
            row.WindowStartTicks ??= now.UtcTicks;
            var work = new UnitOfWork();
            work.Change(row);
            if (await writer.CommitAsync(work, db))
            {
                return (index, new DateTimeOffset(row.WindowStartTicks.Value, TimeSpan.Zero));
            }
        }
        return null;
    }
}
