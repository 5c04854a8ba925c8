using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Webhooks;

/// <summary>What a delivery rule does to a subscription's webhooks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryRuleAction>))]
public enum DeliveryRuleAction
{
    /// <summary>Each event's first attempt waits a while.</summary>
    Delay,
    /// <summary>Each event is delivered twice, with the same <c>evt_</c> id.</summary>
    Duplicate,
    /// <summary>Events are held and sent newest first, a second apart, once the window has passed.</summary>
    Reorder,
    /// <summary>The first attempts fail as if the receiver were down; the retries then go through.</summary>
    DropThenRetry,
}

/// <summary>
/// A sandbox rule on a webhook subscription's deliveries. Times: <see cref="CreatedAt"/> is sandbox time, as
/// deliveries are (a rule covers events fanned out after it); <see cref="ExpiresAt"/> is real time, as fault rules'.
/// </summary>
public sealed record DeliveryRule
{
    /// <summary>Id (<c>whr_…</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; init; }
    /// <summary>The subscription whose deliveries it acts on.</summary>
    public required string SubscriptionId { get; init; }
    /// <summary>What it does.</summary>
    public required DeliveryRuleAction Action { get; init; }
    /// <summary>Delay: how long each first attempt waits.</summary>
    public TimeSpan? Delay { get; init; }
    /// <summary>Reorder: how long events are held.</summary>
    public TimeSpan? Window { get; init; }
    /// <summary>DropThenRetry: attempts of each delivery that fail before one goes through.</summary>
    public int? Failures { get; init; }
    /// <summary>Events it acts on in all; null for no limit (Reorder: how many are held together, 2 by default).</summary>
    public int? Count { get; init; }
    /// <summary>Sandbox time it was made: it acts on deliveries made from then on.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Real time it stops acting.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>A delivery rule with what changes as it acts: events it has taken, and when its Reorder window opened.</summary>
public sealed class DeliveryRuleRow : IVersionedRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>The subscription it acts on.</summary>
    public required string SubscriptionId { get; set; }
    /// <summary>Events it has acted on.</summary>
    public int Used { get; set; }
    /// <summary>Reorder: sandbox time the first held event came, UTC ticks.</summary>
    public long? WindowStartTicks { get; set; }
    /// <summary>Real time it stops acting, UTC ticks.</summary>
    public long ExpiresAtWallTicks { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <see cref="DeliveryRule"/>.</summary>
    public required string Document { get; set; }

    /// <summary>The rule.</summary>
    public DeliveryRule ReadRule() => Documents.Read(Id, Document, StorageJsonContext.Default.DeliveryRule);

    /// <summary>Whether it can still act at real time <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => ExpiresAtWallTicks > now.UtcTicks && (ReadRule().Count is not { } count || Used < count);
}

internal sealed class DeliveryRuleTable : IEntityTypeConfiguration<DeliveryRuleRow>
{
    public void Configure(EntityTypeBuilder<DeliveryRuleRow> rule)
    {
        rule.ToTable("webhook_delivery_rules");
        rule.HasKey(r => r.Id);
        rule.Property(r => r.Version).IsConcurrencyToken();
        rule.HasIndex(r => r.AccountId);
    }
}
