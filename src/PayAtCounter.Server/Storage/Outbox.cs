using System.Text.Json;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;

namespace PayAtCounter.Server.Storage;

/// <summary>Adds webhook events to the outbox of the unit of work that raised them.</summary>
internal static class Outbox
{
    public static void Add(PayAtCounterDb db, IdGenerator ids, string accountId, IEnumerable<PaymentIntentEvent> events)
    {
        foreach (var e in events)
        {
            var id = ids.EventId();
            var payload = new WebhookPayload(id, e.Type, accountId, e.OccurredAt, new WebhookPayloadData(e.PaymentIntentId, e.Status, e.CaptureMode));
            db.OutboxEvents.Add(new OutboxEventRow
            {
                Id = id,
                AccountId = accountId,
                Type = e.Type,
                Payload = JsonSerializer.Serialize(payload, StorageJsonContext.Default.WebhookPayload),
                OccurredAtTicks = e.OccurredAt.UtcTicks,
            });
        }
    }
}
