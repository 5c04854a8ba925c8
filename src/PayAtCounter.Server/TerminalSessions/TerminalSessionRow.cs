using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.TerminalSessions;

/// <summary>A terminal session: indexed columns plus the whole state as JSON.</summary>
public sealed class TerminalSessionRow : IVersionedRow, IStateRow, IScheduledRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Terminal.</summary>
    public required string TerminalId { get; set; }
    /// <summary>Linked intent, for the intent's session history.</summary>
    public string? PaymentIntentId { get; set; }
    /// <summary>Created, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
    /// <summary>When the scheduler must next look at it, UTC ticks; null once final.</summary>
    public long? NextDueAtTicks { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <see cref="TerminalSessionState"/>.</summary>
    public required string Document { get; set; }

    /// <summary>The state the row was made from (not a column).</summary>
    public TerminalSessionState? State { get; private set; }

    object? IStateRow.State => State;

    /// <summary>The row of <paramref name="state"/>, at <paramref name="version"/> (the one read, for a change).</summary>
    public static TerminalSessionRow From(TerminalSessionState state, int version = 0) => new()
    {
        Id = state.Id,
        AccountId = state.AccountId,
        TerminalId = state.TerminalId,
        PaymentIntentId = state.PaymentIntentId,
        CreatedAtTicks = state.CreatedAt.UtcTicks,
        NextDueAtTicks = state.DueAt?.UtcTicks,
        Version = version,
        Document = Documents.Write(state, StorageJsonContext.Default.TerminalSessionState),
        State = state,
    };

    /// <summary>The state in the row's document.</summary>
    public TerminalSessionState ToState() => State ??= Documents.Read(Id, Document, StorageJsonContext.Default.TerminalSessionState);
}

internal sealed class TerminalSessionTable : IEntityTypeConfiguration<TerminalSessionRow>
{
    public void Configure(EntityTypeBuilder<TerminalSessionRow> session)
    {
        session.ToTable("terminal_sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Version).IsConcurrencyToken();
        session.Ignore(s => s.State);
        // An intent's terminalSessionHistory.
        session.HasIndex(s => s.PaymentIntentId);
        session.HasIndex(s => s.NextDueAtTicks);
        // The dashboard: an account's sessions, and a terminal's, newest first.
        session.HasIndex(s => new { s.AccountId, s.CreatedAtTicks });
        session.HasIndex(s => new { s.TerminalId, s.CreatedAtTicks });
    }
}
