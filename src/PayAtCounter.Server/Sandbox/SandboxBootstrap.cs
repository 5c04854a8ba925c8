using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Sandbox;

/// <summary>
/// Makes a fresh server usable at once: the default sandbox account, accounts from configuration, and a
/// banner with the URL and key once the server listens.
/// </summary>
public static class SandboxBootstrap
{
    /// <summary>File in the data folder that keeps the generated sandbox key, so restarts print the same key.</summary>
    public const string KeyFileName = "sandbox-api-key";

    /// <summary>Creates missing accounts and schedules the banner.</summary>
    public static async Task BootstrapAccountsAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var services = app.Services;
        var directory = services.GetRequiredService<AccountDirectory>();
        foreach (var configured in services.GetRequiredService<IOptions<ConfiguredAccounts>>().Value.Items)
        {
            await directory.EnsureAsync(configured.Name, configured.ApiKey, cancellationToken);
        }
        var key = await SandboxKeyAsync(services, cancellationToken);
        var (account, _) = await directory.EnsureAsync("Sandbox", key, cancellationToken);

        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() => PrintBanner(services, account, key));
    }

    // Sandbox:ApiKey wins; otherwise the key kept from the first start; otherwise a new one, kept for next time.
    private static async Task<string> SandboxKeyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IOptions<SandboxOptions>>().Value.ApiKey is { Length: > 0 } configured)
        {
            return configured;
        }
        var file = Path.Combine(StorageSetup.DataDirectory(services), KeyFileName);
        if (File.Exists(file) && (await File.ReadAllTextAsync(file, cancellationToken)).Trim() is { Length: > 0 } kept)
        {
            return kept;
        }
        var key = ApiKeys.Generate(sandbox: true);
        await File.WriteAllTextAsync(file, key + Environment.NewLine, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return key;
    }

    // Written to the console, not the log: the key is for the person who started the server, not for log sinks.
    private static void PrintBanner(IServiceProvider services, Account account, string key)
    {
        // An in-process host (tests, PayAtCounter.Testing) has no address and no one reading the console.
        if (services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is not { } url)
        {
            return;
        }
        Console.WriteLine($"""

            PayAtCounter sandbox is ready
              URL:       {url}
              API key:   {key}
              Account:   {account.Id}
              Dashboard: {url.TrimEnd('/')}/  (sign in with the API key)
              API docs:  {url.TrimEnd('/')}/scalar
              Data:      {StorageSetup.Describe(services)}

              curl -H "Authorization: Basic {key}" -H "version: 2025-09-10" {url.TrimEnd('/')}/payment-intents/search -H "Content-Type: application/json" -d '{"{}"}'

            """);
    }
}
