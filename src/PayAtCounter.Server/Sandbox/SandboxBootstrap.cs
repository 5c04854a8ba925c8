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
        // A bad fixture stops the start before the account is made, so the next start, with it fixed, still applies it.
        var fixture = services.GetRequiredService<IOptions<SandboxOptions>>().Value.Fixture is { Length: > 0 } path
            ? await ReadFixtureAsync(services, path, cancellationToken)
            : ((Scenarios.FixtureDocument Document, string Path)?)null;
        var (account, created) = await directory.EnsureAsync("Sandbox", key, cancellationToken);
        if (created && fixture is not null)
        {
            await ApplyFixtureAsync(services, account, fixture.Value.Document, fixture.Value.Path);
        }

        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() => PrintBanner(services, account, key));
    }

    // Reads and checks the fixture file; every problem in one message.
    private static async Task<(Scenarios.FixtureDocument Document, string Path)> ReadFixtureAsync(IServiceProvider services, string path, CancellationToken cancellationToken)
    {
        Scenarios.FixtureDocument? document;
        try
        {
            await using var file = File.OpenRead(path);
            var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            document = await System.Text.Json.JsonSerializer.DeserializeAsync<Scenarios.FixtureDocument>(file, json, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"Sandbox:Fixture {path} cannot be read: {ex.Message}", ex);
        }
        document ??= new(null, null, null, null);
        var (_, error) = Scenarios.FixtureBuilder.Build(document, "acc_fixture_check", true, services.GetRequiredService<Engine.Clock.SandboxClock>().GetUtcNow(), new Engine.Ids.IdGenerator());
        if (error is not null)
        {
            var problems = string.Join("; ", (error.Errors ?? new Dictionary<string, string[]>()).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            throw new InvalidOperationException($"Sandbox:Fixture {path} was not applied: {problems}");
        }
        return (document, path);
    }

    // A new sandbox account starts from the fixture.
    private static async Task ApplyFixtureAsync(IServiceProvider services, Account account, Scenarios.FixtureDocument document, string path)
    {
        var clock = services.GetRequiredService<Engine.Clock.SandboxClock>();
        var (world, error) = Scenarios.FixtureBuilder.Build(document, account.Id, account.IsSandbox, clock.GetUtcNow(), services.GetRequiredService<Engine.Ids.IdGenerator>());
        if (world is null)
        {
            throw new InvalidOperationException($"Sandbox:Fixture {path} was not applied: {error!.Detail}");
        }
        await using var scope = services.CreateAsyncScope();
        if (!await Scenarios.FixtureApplier.ApplyAsync(world, account.Id, scope.ServiceProvider.GetRequiredService<Scenarios.ScenarioStore>(), clock, scope.ServiceProvider.GetRequiredService<ClockStore>()))
        {
            throw new InvalidOperationException($"Sandbox:Fixture {path} could not be applied: the account kept changing.");
        }
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
