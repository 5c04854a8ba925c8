using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayAtCounter.Engine.Readiness;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Readiness;

/// <summary>A readiness run: the traffic of an account between its start and the next run's.</summary>
public sealed class ReadinessRunRow : IVersionedRow
{
    /// <summary>Id (<c>rr_…</c>).</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>The team's name for it.</summary>
    public required string Name { get; set; }
    /// <summary>The till's version (CFG-05).</summary>
    public string? PosVersion { get; set; }
    /// <summary>Wall-clock start, UTC ticks.</summary>
    public long StartedWallTicks { get; set; }
    /// <summary>Wall-clock end, UTC ticks; null while open.</summary>
    public long? EndedWallTicks { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }

    /// <summary>The domain view.</summary>
    public ReadinessRun ToRun() => new(Id, Name, PosVersion, new DateTimeOffset(StartedWallTicks, TimeSpan.Zero),
        EndedWallTicks is { } ended ? new DateTimeOffset(ended, TimeSpan.Zero) : null);
}

internal sealed class ReadinessRunTable : IEntityTypeConfiguration<ReadinessRunRow>
{
    public void Configure(EntityTypeBuilder<ReadinessRunRow> run)
    {
        run.ToTable("readiness_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Version).IsConcurrencyToken();
        run.HasIndex(r => new { r.AccountId, r.StartedWallTicks });
    }
}
