using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Terminals;

/// <summary>A virtual terminal: the whole state as JSON.</summary>
public sealed class TerminalRow : IVersionedRow, IStateRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <see cref="TerminalState"/>.</summary>
    public required string Document { get; set; }

    /// <summary>The state the row was made from (not a column).</summary>
    public TerminalState? State { get; private set; }

    object? IStateRow.State => State;

    /// <summary>The row of <paramref name="state"/>, at <paramref name="version"/> (the one read, for a change).</summary>
    public static TerminalRow From(TerminalState state, int version = 0) => new()
    {
        Id = state.Id,
        AccountId = state.AccountId,
        Version = version,
        Document = Documents.Write(state, StorageJsonContext.Default.TerminalState),
        State = state,
    };

    /// <summary>The state in the row's document.</summary>
    public TerminalState ToState() => State ??= Documents.Read(Id, Document, StorageJsonContext.Default.TerminalState);
}

internal sealed class TerminalTable : IEntityTypeConfiguration<TerminalRow>
{
    public void Configure(EntityTypeBuilder<TerminalRow> terminal)
    {
        terminal.ToTable("terminals");
        terminal.HasKey(t => t.Id);
        terminal.Property(t => t.Version).IsConcurrencyToken();
        terminal.Ignore(t => t.State);
        terminal.HasIndex(t => t.AccountId);
    }
}
