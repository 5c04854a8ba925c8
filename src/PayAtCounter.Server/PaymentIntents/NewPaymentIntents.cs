using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>
/// Stores new payment intents and their events: rows that are only added, so their unit of work shares a commit
/// with other requests' (<see cref="GroupCommit"/>). A singleton with no database context of its own: creating an
/// intent is the busiest write, and renting and resetting a pooled context it never queries cost it about 3 % of
/// its CPU (bench/NOTES.md).
/// </summary>
public sealed class NewPaymentIntents(IdGenerator ids, StorageWriter writer)
{
    /// <summary>Stores a new intent and its events.</summary>
    public async Task AddAsync(PaymentIntentChange change)
    {
        var work = new UnitOfWork();
        work.Add(PaymentIntentRow.From(change.State));
        Outbox.Add(work, ids, change.State.AccountId, change.Events);
        if (!await writer.CommitAsync(work))
        {
            // Ids come from the id generator, never from the caller: a taken one is a fault, not a race.
            throw new InvalidOperationException($"Payment intent id {change.State.Id} is already taken.");
        }
    }
}
