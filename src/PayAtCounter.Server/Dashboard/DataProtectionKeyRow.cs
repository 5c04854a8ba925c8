using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayAtCounter.Server.Dashboard;

/// <summary>
/// A key that protects the dashboard's cookies and anti-forgery tokens, kept in the database so that a restart
/// keeps people signed in and servers sharing a PostgreSQL database read each other's cookies.
/// </summary>
public sealed class DataProtectionKeyRow
{
    /// <summary>The key's name (<c>key-{guid}</c>).</summary>
    public required string Id { get; set; }
    /// <summary>The key as ASP.NET Core's data protection writes it (XML).</summary>
    public required string Xml { get; set; }
    /// <summary>Stored, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
}

internal sealed class DataProtectionKeyTable : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> key)
    {
        key.ToTable("data_protection_keys");
        key.HasKey(k => k.Id);
    }
}
