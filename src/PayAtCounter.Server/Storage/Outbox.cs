using System.Text.Json;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;

namespace PayAtCounter.Server.Storage;

/// <summary>Adds webhook events to the outbox of the unit of work that raised them.</summary>
internal static class Outbox
{
    public static List<OutboxEventRow> Add(PayAtCounterDb db, IdGenerator ids, string accountId, IEnumerable<PaymentIntentEvent> events)
    {
        var rows = Rows(ids, accountId, events);
        db.OutboxEvents.AddRange(rows);
        return rows;
    }

    /// <summary>
    /// Marks the events of accounts without any webhook subscription as already fanned out: no delivery can
    /// come of them, so the dispatcher need not claim them. Done as they are stored, so a subscription made
    /// after that hears of later events only, as it would had the event been fanned out at once. On SQLite the
    /// check and the insert are one write turn; on PostgreSQL a subscription committed between the two is
    /// missed for that event (no contract rule covers an event raised at the instant of subscribing).
    /// </summary>
    public static async Task MarkUnwatchedAsync(System.Data.Common.DbTransaction transaction, IReadOnlyList<OutboxEventRow> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        var subscribedAccounts = await PlainSql.SubscribedAccountsAsync(transaction, events.Select(e => e.AccountId).ToHashSet(StringComparer.Ordinal));
        foreach (var e in events)
        {
            e.FannedOut = !subscribedAccounts.Contains(e.AccountId);
        }
    }

    /// <summary>The outbox rows for <paramref name="events"/>, not yet added to a unit of work.</summary>
    public static List<OutboxEventRow> Rows(IdGenerator ids, string accountId, IEnumerable<PaymentIntentEvent> events)
    {
        var rows = new List<OutboxEventRow>();
        foreach (var e in events)
        {
            var id = ids.EventId();
            var payload = new WebhookPayload
            {
                Id = id,
                Event = e.Type,
                AccountId = accountId,
                CreatedAt = e.OccurredAt,
                Data = new WebhookPayloadData { PaymentIntentId = e.PaymentIntentId, PaymentStatus = e.Status, CaptureMode = e.CaptureMode },
            };
            var row = new OutboxEventRow
            {
                Id = id,
                AccountId = accountId,
                Type = e.Type,
                // Compact JSON, the exact bytes every delivery of this event sends and signs.
                Payload = JsonSerializer.Serialize(payload, DojoJson.TypeInfo<WebhookPayload>()),
                OccurredAtTicks = e.OccurredAt.UtcTicks,
            };
            rows.Add(row);
        }
        return rows;
    }
}
