namespace PayAtCounter.Server.Accounts;

/// <summary>Extra accounts from configuration (<c>Accounts:0:Name</c>, <c>Accounts:0:ApiKey</c>, …).</summary>
public sealed class ConfiguredAccount
{
    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";
    /// <summary>The raw key; <c>sk_sandbox_…</c> or <c>sk_prod_…</c>.</summary>
    public string ApiKey { get; set; } = "";
}

/// <summary>The <c>Accounts</c> section: a list, checked at start so a mistyped key is one clear line, not an account nobody can use.</summary>
public sealed class ConfiguredAccounts
{
    /// <summary>The accounts, in order.</summary>
    public List<ConfiguredAccount> Items { get; set; } = [];

    /// <summary>What is wrong with the list, or null.</summary>
    public string? Problem()
    {
        for (var i = 0; i < Items.Count; i++)
        {
            var key = Items[i].ApiKey.Trim();
            if (string.IsNullOrWhiteSpace(Items[i].Name))
            {
                return $"Accounts:{i}:Name must not be empty.";
            }
            if (!(key.StartsWith(ApiKeys.SandboxPrefix, StringComparison.Ordinal) || key.StartsWith(ApiKeys.ProductionPrefix, StringComparison.Ordinal))
                || key.Length < ApiKeys.SandboxPrefix.Length + 8)
            {
                return $"Accounts:{i}:ApiKey must start with {ApiKeys.SandboxPrefix} or {ApiKeys.ProductionPrefix} followed by at least 8 characters.";
            }
            if (Items.Take(i).Any(earlier => earlier.ApiKey.Trim() == key))
            {
                return $"Accounts:{i}:ApiKey is the key of an earlier account; each account needs its own.";
            }
        }
        return null;
    }
}

/// <summary>Reports <see cref="ConfiguredAccounts.Problem"/> at start.</summary>
internal sealed class ConfiguredAccountsValidation : Microsoft.Extensions.Options.IValidateOptions<ConfiguredAccounts>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ConfiguredAccounts options)
        => options.Problem() is { } problem ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem) : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
