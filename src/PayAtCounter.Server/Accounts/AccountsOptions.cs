namespace PayAtCounter.Server.Accounts;

/// <summary>Extra accounts from configuration (<c>Accounts:0:Name</c>, <c>Accounts:0:ApiKey</c>, …).</summary>
public sealed class ConfiguredAccount
{
    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";
    /// <summary>The raw key; <c>sk_sandbox_…</c> or <c>sk_prod_…</c>.</summary>
    public string ApiKey { get; set; } = "";
}
