using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// A fault rule of an account: which requests it matches and what it does to them (<see cref="FaultRule"/>, as
/// JSON), with what is shared between instances as columns: the calls it has left and when it expires.
/// </summary>
public sealed class FaultRuleRow : IVersionedRow
{
    /// <summary>Id (<c>flt_…</c>).</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Calls it still applies to; null for no limit.</summary>
    public int? Remaining { get; set; }
    /// <summary>Real time it stops applying, UTC ticks.</summary>
    public long ExpiresAtWallTicks { get; set; }
    /// <summary>When it was made, real time, UTC ticks: the order rules are tried in.</summary>
    public long CreatedAtWallTicks { get; set; }
    /// <summary>Optimistic concurrency version: every instance takes a call from <see cref="Remaining"/> by a guarded update.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <see cref="FaultRule"/>.</summary>
    public required string Document { get; set; }
}

internal sealed class FaultRuleTable : IEntityTypeConfiguration<FaultRuleRow>
{
    public void Configure(EntityTypeBuilder<FaultRuleRow> rule)
    {
        rule.ToTable("fault_rules");
        rule.HasKey(r => r.Id);
        rule.Property(r => r.Version).IsConcurrencyToken();
        rule.HasIndex(r => r.AccountId);
    }
}
