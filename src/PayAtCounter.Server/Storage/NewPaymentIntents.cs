using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Stores new payment intents and their events through the <see cref="GroupCommit"/>. A singleton with no
/// database context of its own: creating an intent is the busiest write, and renting and resetting a pooled
/// context it never queries cost it about 3 % of its CPU (bench/NOTES.md).
/// </summary>
public sealed class NewPaymentIntents(IdGenerator ids, Hosting.WorkSignals signals, GroupCommit groupCommit)
{
    /// <summary>Stores a new intent and its events, in a commit shared with other new intents.</summary>
    public async Task AddAsync(PaymentIntentChange change)
    {
        var row = new PaymentIntentRow { Id = change.State.Id, AccountId = change.State.AccountId, Status = "", Document = "" };
        Documents.Write(row, change.State);
        var events = Outbox.Rows(ids, change.State.AccountId, change.Events);
        var waiting = await groupCommit.InsertAsync(new NewRows(row, events));
        signals.Stored([row.NextDueAtTicks], waiting);
    }
}
