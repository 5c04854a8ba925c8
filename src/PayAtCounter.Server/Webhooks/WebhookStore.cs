using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Webhooks;

/// <summary>Subscriptions, the outbox fan-out, and deliveries with their attempt logs.</summary>
public sealed class WebhookStore(PayAtCounterDb db, StorageWriter writer, IdGenerator ids)
{
    /// <summary>An account's subscriptions, oldest first.</summary>
    public async Task<IReadOnlyList<SubscriptionState>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = await db.WebhookSubscriptions.AsNoTracking().Where(w => w.AccountId == accountId).ToListAsync(cancellationToken);
        return rows.Select(r => r.ToState()).OrderBy(s => s.CreatedAt).ToList();
    }

    /// <summary>One subscription, or null.</summary>
    public async Task<SubscriptionState?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        var row = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id && w.AccountId == accountId, cancellationToken);
        return row?.ToState();
    }

    /// <summary>Stores a new subscription.</summary>
    public async Task AddAsync(SubscriptionState subscription)
    {
        var work = new UnitOfWork();
        work.Add(WebhookSubscriptionRow.From(subscription));
        if (!await writer.CommitAsync(work))
        {
            throw new InvalidOperationException($"Subscription id {subscription.Id} is already taken.");
        }
    }

    /// <summary>Changes a subscription; retried on a concurrent change.</summary>
    public Task<Outcome<SubscriptionState>> UpdateAsync(string accountId, string id, Func<SubscriptionState, Outcome<SubscriptionState>> change, CancellationToken cancellationToken)
        => ConflictRetry.ChangeRowAsync(writer, db,
            () => db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id && w.AccountId == accountId, cancellationToken),
            r => r.ToState(), WebhookSubscriptionRow.From, change, $"No webhook subscription with id {id}.");

    /// <summary>Deletes a subscription; its pending deliveries stop.</summary>
    public Task<Outcome<SubscriptionState>> DeleteAsync(string accountId, string id, CancellationToken cancellationToken)
        => ConflictRetry.RunAsync<SubscriptionState>(async () =>
        {
            var row = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id && w.AccountId == accountId, cancellationToken);
            if (row is null)
            {
                return DomainError.NotFound($"No webhook subscription with id {id}.");
            }
            var work = new UnitOfWork();
            work.Remove(row);
            if (!await writer.CommitAsync(work, db))
            {
                return null;   // a conflict: read again
            }
            return row.ToState();
        });

    /// <summary>
    /// Turns up to <paramref name="limit"/> outbox events into one delivery per interested subscription, not
    /// yet stored: the dispatcher makes each first attempt, then <see cref="SaveFanOutAsync"/> stores the
    /// deliveries with their outcome and marks the events done in one commit. A crash in between leaves the
    /// events to fan out again, so delivery stays at least once. Returns null when no event is waiting.
    /// </summary>
    public async Task<FanOut?> StageFanOutAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var events = await ClaimEventsAsync(limit, cancellationToken);
        if (events.Count == 0)
        {
            await CompleteClaimAsync();
            return null;
        }
        var accounts = events.Select(e => e.AccountId).Distinct().ToList();
        var subscriptions = (await db.WebhookSubscriptions.AsNoTracking().Where(w => accounts.Contains(w.AccountId)).ToListAsync(cancellationToken))
            .Select(r => r.ToState()).ToList();
        var fresh = new List<FreshDelivery>();
        foreach (var evt in events)
        {
            foreach (var subscription in subscriptions.Where(s => s.AccountId == evt.AccountId && s.Events.Contains(evt.Type, StringComparer.Ordinal)))
            {
                var delivery = new DeliveryState
                {
                    Id = ids.Prefixed("whd_"),
                    AccountId = evt.AccountId,
                    EventId = evt.Id,
                    EventType = evt.Type,
                    SubscriptionId = subscription.Id,
                    Status = DeliveryStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                };
                fresh.Add(new FreshDelivery(delivery, subscription, evt.Payload));
            }
        }
        return new FanOut(events.Select(e => e.Id).ToList(), fresh);
    }

    /// <summary>
    /// Stores what <see cref="StageFanOutAsync"/> staged, each delivery as it stands after its first attempt
    /// (<paramref name="attempted"/>, in the same order), and marks its events fanned out, in one commit.
    /// </summary>
    public async Task SaveFanOutAsync(FanOut fanOut, IReadOnlyList<DeliveryState> attempted)
    {
        var work = new UnitOfWork();
        work.AddRange(attempted.Select(d => WebhookDeliveryRow.From(d)));
        work.MarkFannedOut(fanOut.EventIds);
        // On PostgreSQL the claim's transaction is open, and becomes this unit's.
        if (await writer.CommitAsync(work, db))
        {
            return;
        }
        // Some events were deleted under the fan-out (a sandbox reset or restore of their account): nothing of theirs
        // is stored, and the rest of the batch, other accounts' events among them, is stored without them.
        var left = await db.OutboxEvents.AsNoTracking().Where(e => fanOut.EventIds.Contains(e.Id)).Select(e => e.Id).ToListAsync();
        if (left.Count < fanOut.EventIds.Count)
        {
            var kept = left.ToHashSet(StringComparer.Ordinal);
            var rest = new UnitOfWork();
            rest.AddRange(attempted.Where(d => kept.Contains(d.EventId)).Select(d => WebhookDeliveryRow.From(d)));
            rest.MarkFannedOut(left);
            if (left.Count == 0 || await writer.CommitAsync(rest, db))
            {
                return;
            }
        }
        // Ids are made here, never taken: a failure the dispatcher must see (it then stores before it sends).
        throw new InvalidOperationException("A fanned-out delivery's id is already taken.");
    }

    // Instances sharing a PostgreSQL database claim different events: the rows stay locked, and skipped by
    // the others, until the fan-out commits, so each event fans out (and is first sent) once. Without the
    // claim, two dispatchers would read the same new events and both deliver them. SQLite has one
    // process, so a plain read does; a read transaction held across the sends would also block its writer.
    private async Task<List<OutboxEventRow>> ClaimEventsAsync(int limit, CancellationToken cancellationToken)
    {
        // "= FALSE", not "NOT": SQLite uses the (FannedOut, OccurredAtTicks) index only for a comparison, and
        // NOT "FannedOut" (what EF Core makes of !e.FannedOut) read and sorted every event ever stored, each round.
        if (!db.Database.IsNpgsql())
        {
            return await db.OutboxEvents
                .FromSql($"SELECT * FROM outbox_events WHERE \"FannedOut\" = FALSE ORDER BY \"OccurredAtTicks\" LIMIT {limit}")
                .AsNoTracking().ToListAsync(cancellationToken);
        }
        await db.Database.BeginTransactionAsync(cancellationToken);
        return await db.OutboxEvents
            .FromSql($"SELECT * FROM outbox_events WHERE \"FannedOut\" = FALSE ORDER BY \"OccurredAtTicks\" LIMIT {limit} FOR UPDATE SKIP LOCKED")
            .AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Commits what was claimed and recorded (PostgreSQL). A claim never completed (a failed round) ends
    /// with the scope: disposing the context rolls it back, and the rows are claimed again next round.
    /// </summary>
    public async Task CompleteClaimAsync()
    {
        if (db.Database.CurrentTransaction is { } claim)
        {
            await claim.CommitAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Deliveries whose next attempt is due. On PostgreSQL they are claimed (locked, and skipped by other
    /// instances) until <see cref="CompleteClaimAsync"/>, so two instances never send the same retry.
    /// </summary>
    public async Task<IReadOnlyList<string>> DueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var ticks = now.UtcTicks;
        if (!db.Database.IsNpgsql())
        {
            return await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.NextAttemptAtTicks != null && d.NextAttemptAtTicks <= ticks)
                .OrderBy(d => d.NextAttemptAtTicks).Take(limit).Select(d => d.Id).ToListAsync(cancellationToken);
        }
        await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.WebhookDeliveries
            .FromSql($"SELECT * FROM webhook_deliveries WHERE \"NextAttemptAtTicks\" <= {ticks} ORDER BY \"NextAttemptAtTicks\" LIMIT {limit} FOR UPDATE SKIP LOCKED")
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(r => r.Id).ToList();
    }

    /// <summary>The earliest due attempt, or null.</summary>
    public async Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken)
    {
        var ticks = await db.WebhookDeliveries.Where(d => d.NextAttemptAtTicks != null).MinAsync(d => d.NextAttemptAtTicks, cancellationToken);
        return ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
    }

    /// <summary>What a batch of attempts needs, read in three queries.</summary>
    public async Task<IReadOnlyList<(DeliveryState Delivery, SubscriptionState? Subscription, string Payload)>> LoadForAttemptsAsync(IReadOnlyList<string> deliveryIds, CancellationToken cancellationToken)
    {
        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => deliveryIds.Contains(d.Id)).ToListAsync(cancellationToken);
        var subscriptionIds = rows.Select(r => r.SubscriptionId).Distinct().ToList();
        var eventIds = rows.Select(r => r.EventId).Distinct().ToList();
        var subscriptions = (await db.WebhookSubscriptions.AsNoTracking().Where(w => subscriptionIds.Contains(w.Id)).ToListAsync(cancellationToken))
            .ToDictionary(w => w.Id, w => w.ToState());
        var payloads = await db.OutboxEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Payload, cancellationToken);
        return rows.Select(r => (r.ToState(), subscriptions.GetValueOrDefault(r.SubscriptionId), payloads[r.EventId])).ToList();
    }

    /// <summary>
    /// Records the outcome of many attempts in one transaction. Returns false, saving nothing, when one of
    /// the deliveries changed meanwhile (a redeliver), so the caller can record them one by one.
    /// </summary>
    public async Task<bool> RecordAttemptsAsync(IReadOnlyList<(string DeliveryId, Func<DeliveryState, DeliveryState> Change)> results, CancellationToken cancellationToken)
    {
        var ids = results.Select(r => r.DeliveryId).ToList();
        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        // On PostgreSQL the claim's transaction is open and becomes this unit's; its rows are locked since the
        // claim, so only SQLite (no claim) can see a conflict here (a redelivery racing the retry).
        var work = new UnitOfWork();
        foreach (var (id, change) in results)
        {
            if (rows.TryGetValue(id, out var row))
            {
                work.Change(WebhookDeliveryRow.From(change(row.ToState()), row.Version));
            }
        }
        return await writer.CommitAsync(work, db);
    }

    /// <summary>Changes a delivery; retried on a concurrent change.</summary>
    public Task<Outcome<DeliveryState>> UpdateDeliveryAsync(string accountId, string deliveryId, Func<DeliveryState, Outcome<DeliveryState>> change, CancellationToken cancellationToken)
        => ConflictRetry.ChangeRowAsync(writer, db,
            () => db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.AccountId == accountId, cancellationToken),
            r => r.ToState(), WebhookDeliveryRow.From, change, $"No webhook delivery with id {deliveryId}.");

    /// <summary>An account's deliveries, newest first, optionally for one subscription or event.</summary>
    public async Task<IReadOnlyList<DeliveryState>> DeliveriesAsync(string accountId, string? subscriptionId, string? eventId, int limit, CancellationToken cancellationToken)
    {
        var rows = db.WebhookDeliveries.AsNoTracking().Where(d => d.AccountId == accountId);
        if (subscriptionId is not null)
        {
            rows = rows.Where(d => d.SubscriptionId == subscriptionId);
        }
        if (eventId is not null)
        {
            rows = rows.Where(d => d.EventId == eventId);
        }
        return (await rows.OrderByDescending(d => d.CreatedAtTicks).ThenByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken)).Select(r => r.ToState()).ToList();
    }

    /// <summary>One delivery of this account, or null.</summary>
    public async Task<DeliveryState?> FindDeliveryAsync(string accountId, string deliveryId, CancellationToken cancellationToken)
    {
        var row = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.AccountId == accountId, cancellationToken);
        return row?.ToState();
    }

    /// <summary>How many events the outbox holds.</summary>
    public Task<int> EventCountAsync(CancellationToken cancellationToken) => db.OutboxEvents.CountAsync(cancellationToken);

    /// <summary>The body of an event of this account, or null.</summary>
    public async Task<string?> PayloadAsync(string accountId, string eventId, CancellationToken cancellationToken)
        => await db.OutboxEvents.AsNoTracking().Where(e => e.Id == eventId && e.AccountId == accountId).Select(e => e.Payload).FirstOrDefaultAsync(cancellationToken);
}

/// <summary>Claimed events and the deliveries made from them, not yet stored.</summary>
public sealed record FanOut(IReadOnlyList<string> EventIds, IReadOnlyList<FreshDelivery> Deliveries);

/// <summary>A delivery made by a fan-out, not yet stored, with what its first attempt needs.</summary>
/// <param name="Delivery">The delivery as made.</param>
/// <param name="Subscription">Its subscription.</param>
/// <param name="Payload">The event's body.</param>
/// <param name="Held">True when a delivery rule holds its first attempt back (stored, not sent with the fan-out).</param>
public sealed record FreshDelivery(DeliveryState Delivery, SubscriptionState Subscription, string Payload, bool Held = false);
