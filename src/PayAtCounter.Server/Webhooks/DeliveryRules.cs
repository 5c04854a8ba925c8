using Microsoft.Extensions.Options;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Scheduling;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Webhooks;

/// <summary>
/// The delivery rules that may still act, kept in memory so that the dispatcher pays one field read per batch when
/// there are none. Read again after every change made here, and every second on PostgreSQL.
/// </summary>
public sealed class DeliveryRules(IdGenerator ids, WallClock wall)
{
    // Gap between held events when a Reorder window closes: each goes out in a round of its own, newest first.
    private static readonly TimeSpan ReorderGap = TimeSpan.FromSeconds(1);
    private volatile DeliveryRule[] _active = [];
    private readonly SemaphoreSlim _oneReload = new(1, 1);

    /// <summary>Wakes <see cref="DeliveryRuleLoop"/> to read the rules again.</summary>
    public Signal Changed { get; } = new();

    /// <summary>When the first rule in memory expires, real time.</summary>
    public DateTimeOffset? NextExpiry { get; private set; }

    /// <summary>True when no rule may act.</summary>
    public bool IsEmpty => _active.Length == 0;

    /// <summary>Reads the rules again, one read at a time.</summary>
    public async Task ReloadAsync(DeliveryRuleStore store, CancellationToken cancellationToken)
    {
        await _oneReload.WaitAsync(cancellationToken);
        try
        {
            _active = [.. (await store.ActiveAsync(wall.GetUtcNow(), cancellationToken)).Where(r => r.IsActive(wall.GetUtcNow())).Select(r => r.ReadRule())];
            NextExpiry = _active.Length == 0 ? null : _active.Min(r => r.ExpiresAt);
        }
        finally
        {
            _oneReload.Release();
        }
    }

    /// <summary>
    /// Applies the Delay, Duplicate and Reorder rules to a fan-out's deliveries: some are held (stored, not sent now,
    /// with their first attempt later) and some doubled. <paramref name="now"/> is sandbox time.
    /// </summary>
    public async Task<FanOut> ApplyAsync(FanOut fanOut, IServiceScopeFactory scopes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (IsEmpty)
        {
            return fanOut;
        }
        // A scope of its own: on PostgreSQL the dispatcher's context holds the fan-out's claim open, and a rule's
        // commit there would end it half-way.
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DeliveryRuleStore>();
        var deliveries = new List<FreshDelivery>(fanOut.Deliveries.Count);
        var taken = false;
        // In the order the events were made (ids are made in order): events claimed at one sandbox time come in any order.
        foreach (var fresh in fanOut.Deliveries.OrderBy(f => f.Delivery.EventId, StringComparer.Ordinal))
        {
            var current = fresh;
            FreshDelivery? twin = null;
            foreach (var rule in RulesOf(fresh.Delivery.SubscriptionId, now))
            {
                if (rule.Action == DeliveryRuleAction.DropThenRetry || await store.TakeAsync(rule.Id, now, cancellationToken) is not { } place)
                {
                    continue;
                }
                taken = true;
                switch (rule.Action)
                {
                    case DeliveryRuleAction.Duplicate:
                        twin = current with { Delivery = current.Delivery with { Id = ids.Prefixed("whd_") } };
                        break;
                    case DeliveryRuleAction.Delay:
                        current = Hold(current, now + (rule.Delay ?? TimeSpan.Zero));
                        break;
                    case DeliveryRuleAction.Reorder:
                        // The i-th of n held events goes out at the window's end plus (n - 1 - i) gaps: newest first.
                        var held = rule.Count ?? 2;
                        current = Hold(current, place.WindowStart + (rule.Window ?? TimeSpan.Zero) + ReorderGap * Math.Max(0, held - 1 - place.Index));
                        break;
                }
            }
            deliveries.Add(current);
            if (twin is not null)
            {
                deliveries.Add(twin with { Held = current.Held, Delivery = twin.Delivery with { NextAttemptAt = current.Delivery.NextAttemptAt } });
            }
        }
        if (taken)
        {
            Changed.Notify();
        }
        return fanOut with { Deliveries = deliveries };
    }

    /// <summary>The DropThenRetry rule that makes this attempt of <paramref name="delivery"/> fail, if any.</summary>
    public DeliveryRule? FailsAttempt(DeliveryState delivery)
    {
        if (IsEmpty)
        {
            return null;
        }
        foreach (var rule in RulesOf(delivery.SubscriptionId, delivery.CreatedAt))
        {
            if (rule.Action == DeliveryRuleAction.DropThenRetry && delivery.Attempts.Count < (rule.Failures ?? 1))
            {
                return rule;
            }
        }
        return null;
    }

    // Rules of the subscription, not expired, made at or before sandbox time `at`.
    private IEnumerable<DeliveryRule> RulesOf(string subscriptionId, DateTimeOffset at)
    {
        var now = wall.GetUtcNow();
        return _active.Where(r => r.SubscriptionId == subscriptionId && r.ExpiresAt > now && r.CreatedAt <= at);
    }

    private static FreshDelivery Hold(FreshDelivery fresh, DateTimeOffset until)
        => fresh with { Held = true, Delivery = fresh.Delivery with { NextAttemptAt = until } };
}

/// <summary>Reads the delivery rules into <see cref="DeliveryRules"/>.</summary>
public sealed class DeliveryRuleLoop(DeliveryRules rules, IServiceScopeFactory scopes, WallClock wall, IOptions<StorageOptions> storage, DataReadiness readiness, ILogger<DeliveryRuleLoop> logger)
    : RuleReloadLoop(rules.Changed, scopes, wall, storage, readiness, logger)
{
    /// <inheritdoc />
    protected override string What => "webhook delivery rules";

    /// <inheritdoc />
    protected override DateTimeOffset? NextExpiry => rules.NextExpiry;

    /// <inheritdoc />
    protected override Task ReloadAsync(IServiceProvider services, CancellationToken cancellationToken)
        => rules.ReloadAsync(services.GetRequiredService<DeliveryRuleStore>(), cancellationToken);
}
