using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Webhooks;

/// <summary>A webhook subscription: the whole state as JSON.</summary>
public sealed class WebhookSubscriptionRow : IVersionedRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <see cref="SubscriptionState"/>.</summary>
    public required string Document { get; set; }

    /// <summary>The row of <paramref name="state"/>, at <paramref name="version"/> (the one read, for a change).</summary>
    public static WebhookSubscriptionRow From(SubscriptionState state, int version = 0) => new()
    {
        Id = state.Id,
        AccountId = state.AccountId,
        Version = version,
        Document = Documents.Write(state, StorageJsonContext.Default.SubscriptionState),
    };

    /// <summary>The state in the row's document.</summary>
    public SubscriptionState ToState() => Documents.Read(Id, Document, StorageJsonContext.Default.SubscriptionState);
}

/// <summary>One event on its way to one subscription, with its attempt log.</summary>
public sealed class WebhookDeliveryRow : IVersionedRow, IDispatchedRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Subscription.</summary>
    public required string SubscriptionId { get; set; }
    /// <summary>Event.</summary>
    public required string EventId { get; set; }
    /// <summary>When the next attempt is due, UTC ticks; null when delivered or failed.</summary>
    public long? NextAttemptAtTicks { get; set; }
    /// <summary>Created, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <see cref="DeliveryState"/>.</summary>
    public required string Document { get; set; }

    bool IDispatchedRow.AwaitsDispatcher => NextAttemptAtTicks is not null;

    /// <summary>The row of <paramref name="state"/>, at <paramref name="version"/> (the one read, for a change).</summary>
    public static WebhookDeliveryRow From(DeliveryState state, int version = 0) => new()
    {
        Id = state.Id,
        AccountId = state.AccountId,
        SubscriptionId = state.SubscriptionId,
        EventId = state.EventId,
        NextAttemptAtTicks = state.Status == DeliveryStatus.Pending ? state.NextAttemptAt?.UtcTicks : null,
        CreatedAtTicks = state.CreatedAt.UtcTicks,
        Version = version,
        Document = Documents.Write(state, StorageJsonContext.Default.DeliveryState),
    };

    /// <summary>The state in the row's document.</summary>
    public DeliveryState ToState() => Documents.Read(Id, Document, StorageJsonContext.Default.DeliveryState);
}

internal sealed class WebhookSubscriptionTable : IEntityTypeConfiguration<WebhookSubscriptionRow>
{
    public void Configure(EntityTypeBuilder<WebhookSubscriptionRow> subscription)
    {
        subscription.ToTable("webhook_subscriptions");
        subscription.HasKey(w => w.Id);
        subscription.Property(w => w.Version).IsConcurrencyToken();
        subscription.HasIndex(w => w.AccountId);
    }
}

internal sealed class WebhookDeliveryTable : IEntityTypeConfiguration<WebhookDeliveryRow>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryRow> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.Version).IsConcurrencyToken();
        // The dispatcher's due retries, and the sandbox delivery log newest first.
        delivery.HasIndex(d => d.NextAttemptAtTicks);
        delivery.HasIndex(d => new { d.AccountId, d.CreatedAtTicks });
    }
}
