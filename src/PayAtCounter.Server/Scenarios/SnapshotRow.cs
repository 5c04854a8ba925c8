using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Scenarios;

/// <summary>A named snapshot of a sandbox account's world: every row of it, as one JSON document.</summary>
public sealed class SnapshotRow : IVersionedRow
{
    /// <summary>The account id and the name, so a name is unique within its account.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>The name it is restored by.</summary>
    public required string Name { get; set; }
    /// <summary>Sandbox time when it was taken, UTC ticks.</summary>
    public long TakenAtTicks { get; set; }
    /// <summary>Rows per table, as JSON (<c>{"terminals":9,…}</c>), so a list need not read the content.</summary>
    public required string Counts { get; set; }
    /// <summary>With <c>Sandbox:Seed</c> set: the id sequence's seed from the moment it was taken.</summary>
    public int? IdSeed { get; set; }
    /// <summary>With <c>Sandbox:Seed</c> set: the id sequence's number from the moment it was taken.</summary>
    public long? IdSequence { get; set; }
    /// <summary>The rows (<see cref="AccountWorld"/>).</summary>
    public required string Content { get; set; }
    /// <summary>Never changed; versioned so it can be removed by the unit of work.</summary>
    public int Version { get; set; }

    /// <summary>The key of snapshot <paramref name="name"/> of <paramref name="accountId"/>.</summary>
    public static string KeyOf(string accountId, string name) => $"{accountId}/{name}";
}

internal sealed class SnapshotTable : IEntityTypeConfiguration<SnapshotRow>
{
    public void Configure(EntityTypeBuilder<SnapshotRow> snapshot)
    {
        snapshot.ToTable("sandbox_snapshots");
        snapshot.HasKey(s => s.Id);
        snapshot.Property(s => s.Version).IsConcurrencyToken();
        snapshot.HasIndex(s => s.AccountId);
    }
}
