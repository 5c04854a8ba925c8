using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayAtCounter.Server.Accounts;

/// <summary>An account and the hash of its API key.</summary>
public sealed class AccountRow
{
    /// <summary>Account id (<c>acc_…</c>).</summary>
    public required string Id { get; set; }
    /// <summary>Display name.</summary>
    public required string Name { get; set; }
    /// <summary>SHA-256 of the API key.</summary>
    public required byte[] KeyHash { get; set; }
    /// <summary>True for a sandbox key.</summary>
    public bool IsSandbox { get; set; }
    /// <summary>Created, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
}

internal sealed class AccountTable : IEntityTypeConfiguration<AccountRow>
{
    public void Configure(EntityTypeBuilder<AccountRow> account)
    {
        account.ToTable("accounts");
        account.HasKey(a => a.Id);
        // Authentication finds an account by its key's hash; two accounts never share a key.
        account.HasIndex(a => a.KeyHash).IsUnique();
    }
}
