using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// The transactional outbox: webhook events are added to the unit of work of the change that raised them, so an
/// event is stored if and only if its change is. The webhook dispatcher delivers them from there.
/// </summary>
internal static class Outbox
{
    /// <summary>Adds <paramref name="events"/> to <paramref name="work"/>; returns their rows.</summary>
    public static List<OutboxEventRow> Add(UnitOfWork work, IdGenerator ids, string accountId, IReadOnlyList<PaymentIntentEvent> events)
    {
        var rows = Rows(ids, accountId, events);
        work.AddRange(rows);
        return rows;
    }

    /// <summary>
    /// Marks the events of accounts without any webhook subscription as already fanned out: no delivery can
    /// come of them, so the dispatcher need not claim them. Done as they are stored, so a subscription made
    /// after that hears of later events only, as it would had the event been fanned out at once. On SQLite the
    /// check and the insert are one write turn; on PostgreSQL a subscription committed between the two is
    /// missed for that event (no contract rule covers an event raised at the instant of subscribing).
    /// </summary>
    public static async Task MarkUnwatchedAsync(System.Data.Common.DbTransaction transaction, IReadOnlyList<OutboxEventRow> events, IReadOnlyCollection<string>? subscribingNow)
    {
        // When an account's rows are being replaced (subscribingNow given), only events still to fan out: a restored
        // snapshot's events come with their own state. Otherwise every event is new.
        var pending = subscribingNow is null ? events : events.Where(e => !e.FannedOut).ToList();
        if (pending.Count == 0)
        {
            return;
        }
        var subscribedAccounts = await SqlWrites.SubscribedAccountsAsync(transaction, pending.Select(e => e.AccountId).ToHashSet(StringComparer.Ordinal));
        if (subscribingNow is not null)
        {
            subscribedAccounts.UnionWith(subscribingNow);
        }
        foreach (var e in pending)
        {
            e.FannedOut = !subscribedAccounts.Contains(e.AccountId);
        }
    }

    /// <summary>The outbox rows for <paramref name="events"/>, not yet added to a unit of work.</summary>
    public static List<OutboxEventRow> Rows(IdGenerator ids, string accountId, IReadOnlyList<PaymentIntentEvent> events)
    {
        var rows = new List<OutboxEventRow>(events.Count);
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
            rows.Add(new OutboxEventRow
            {
                Id = id,
                AccountId = accountId,
                Type = e.Type,
                // Compact JSON, the exact bytes every delivery of this event sends and signs.
                Payload = JsonSerializer.Serialize(payload, DojoJson.TypeInfo<WebhookPayload>()),
                OccurredAtTicks = e.OccurredAt.UtcTicks,
            });
        }
        return rows;
    }
}

/// <summary>
/// An event waiting to be delivered as a webhook, written in the same transaction as the change that
/// raised it (transactional outbox). The payload is fixed at write time so every delivery signs the same bytes.
/// </summary>
public sealed class OutboxEventRow : IDispatchedRow
{
    /// <summary>Event id (<c>evt_…</c>), stable across retries.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Event name, e.g. <c>payment_intent.status_updated</c>.</summary>
    public required string Type { get; set; }
    /// <summary>The JSON body to deliver.</summary>
    public required string Payload { get; set; }
    /// <summary>When it happened, UTC ticks; deliveries go out in this order.</summary>
    public long OccurredAtTicks { get; set; }
    /// <summary>True once a delivery row exists for every subscription that wants it.</summary>
    public bool FannedOut { get; set; }

    bool IDispatchedRow.AwaitsDispatcher => !FannedOut;
}

internal sealed class OutboxEventTable : IEntityTypeConfiguration<OutboxEventRow>
{
    public void Configure(EntityTypeBuilder<OutboxEventRow> evt)
    {
        evt.ToTable("outbox_events");
        evt.HasKey(e => e.Id);
        // The dispatcher's claim: unfanned events in order.
        evt.HasIndex(e => new { e.FannedOut, e.OccurredAtTicks });
    }
}
