namespace PayAtCounter.Server.Accounts;

/// <summary>The account a request is made for, as resolved from its API key.</summary>
public sealed record Account(string Id, string Name, bool IsSandbox);
