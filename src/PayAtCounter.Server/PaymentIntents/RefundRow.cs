using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.PaymentIntents;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>A refund, kept apart so it can be fetched by id and found by idempotency key.</summary>
public sealed class RefundRow
{
    /// <summary>Refund id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Refunded intent.</summary>
    public required string PaymentIntentId { get; set; }
    /// <summary>Idempotency key; unique per intent.</summary>
    public required string IdempotencyKey { get; set; }
    /// <summary>Amount in minor units.</summary>
    public long Amount { get; set; }
    /// <summary>Reason.</summary>
    public string? RefundReason { get; set; }
    /// <summary>Notes.</summary>
    public string? Notes { get; set; }
    /// <summary>Previous transaction id.</summary>
    public string? PreviousTransactionId { get; set; }
    /// <summary>Message returned to the client.</summary>
    public required string Message { get; set; }
    /// <summary>Created, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }

    /// <summary>The row of a refund.</summary>
    public static RefundRow From(RefundRecord r) => new()
    {
        Id = r.RefundId,
        AccountId = r.AccountId,
        PaymentIntentId = r.PaymentIntentId,
        IdempotencyKey = r.IdempotencyKey,
        Amount = r.Amount,
        RefundReason = r.RefundReason,
        Notes = r.Notes,
        PreviousTransactionId = r.PreviousTransactionId,
        Message = r.Message,
        CreatedAtTicks = r.CreatedAt.UtcTicks,
    };

    /// <summary>The refund in the row.</summary>
    public RefundRecord ToRecord() => new(
        Id, PaymentIntentId, AccountId, Amount, RefundReason, Notes, PreviousTransactionId,
        IdempotencyKey, Message, new DateTimeOffset(CreatedAtTicks, TimeSpan.Zero));
}

internal sealed class RefundTable : IEntityTypeConfiguration<RefundRow>
{
    public void Configure(EntityTypeBuilder<RefundRow> refund)
    {
        refund.ToTable("refunds");
        refund.HasKey(r => r.Id);
        // One refund per idempotency key and intent (rule 62): a second request with the key loses the race here.
        refund.HasIndex(r => new { r.PaymentIntentId, r.IdempotencyKey }).IsUnique();
    }
}
