using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.PaymentIntents;

// Storage rows never go on the wire. Times are UTC ticks so that SQLite and PostgreSQL both order and compare them
// natively; state that is only read whole is kept as a JSON document.

/// <summary>A payment intent: indexed columns plus the whole state as JSON.</summary>
public sealed class PaymentIntentRow : IVersionedRow, IStateRow, IScheduledRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Status name, for search.</summary>
    public required string Status { get; set; }
    /// <summary>Created, UTC ticks, for search and paging.</summary>
    public long CreatedAtTicks { get; set; }
    /// <summary>When the scheduler must next look at it, UTC ticks; null when never.</summary>
    public long? NextDueAtTicks { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <see cref="PaymentIntentState"/>.</summary>
    public required string Document { get; set; }

    /// <summary>The state the row was made from (not a column).</summary>
    public PaymentIntentState? State { get; private set; }

    object? IStateRow.State => State;

    /// <summary>The row of <paramref name="state"/>, at <paramref name="version"/> (the one read, for a change).</summary>
    public static PaymentIntentRow From(PaymentIntentState state, int version = 0) => new()
    {
        Id = state.Id,
        AccountId = state.AccountId,
        Status = state.Status.ToString(),
        CreatedAtTicks = state.CreatedAt.UtcTicks,
        NextDueAtTicks = state.NextDueAt?.UtcTicks,
        Version = version,
        Document = Documents.Write(state, StorageJsonContext.Default.PaymentIntentState),
        State = state,
    };

    /// <summary>The state in the row's document.</summary>
    public PaymentIntentState ToState() => State ??= Documents.Read(Id, Document, StorageJsonContext.Default.PaymentIntentState);
}

internal sealed class PaymentIntentTable : IEntityTypeConfiguration<PaymentIntentRow>
{
    public void Configure(EntityTypeBuilder<PaymentIntentRow> intent)
    {
        intent.ToTable("payment_intents");
        intent.HasKey(p => p.Id);
        intent.Property(p => p.Version).IsConcurrencyToken();
        intent.Ignore(p => p.State);
        // Search and paging: an account's intents, newest first.
        intent.HasIndex(p => new { p.AccountId, p.CreatedAtTicks, p.Id });
        intent.HasIndex(p => p.NextDueAtTicks);
    }
}
