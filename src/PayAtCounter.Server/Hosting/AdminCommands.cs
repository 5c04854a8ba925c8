using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Hosting;

/// <summary>
/// Administration from the command line, against the configured database:
/// <c>accounts add &lt;name&gt; [--production]</c> creates an account and prints its new key once.
/// </summary>
public static class AdminCommands
{
    /// <summary>Runs the command in <paramref name="args"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["accounts", "add", var name, .. var rest] || string.IsNullOrWhiteSpace(name) || rest.Any(r => r != "--production"))
        {
            await Console.Error.WriteLineAsync("usage: accounts add <name> [--production]");
            return 2;
        }
        await app.Services.InitializeStorageAsync();
        var key = ApiKeys.Generate(sandbox: !rest.Contains("--production"));
        var (account, _) = await app.Services.GetRequiredService<AccountDirectory>().EnsureAsync(name, key, CancellationToken.None);
        Console.WriteLine($"Created account {account.Id} ({name}).");
        Console.WriteLine($"API key (shown once; only its hash is stored): {key}");
        return 0;
    }
}
