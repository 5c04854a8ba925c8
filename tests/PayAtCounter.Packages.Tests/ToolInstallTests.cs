using PayAtCounter.Client;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Packages.Tests;

/// <summary>
/// <c>pac</c> as a user gets it: packed as a .NET tool, installed from the local package folder, and run as processes
/// outside the repository: a server, a sale to Captured, a webhook listener forwarding to a till, Ctrl-C to stop each.
/// </summary>
[Collection(nameof(PackingCollection))]
public sealed class ToolInstallTests
{
    [Fact]
    public async Task The_installed_pac_serves_sells_to_Captured_forwards_signed_webhooks_and_stops_on_Ctrl_C()
    {
        var repository = RepositoryPaths.Root();
        var work = Directory.CreateTempSubdirectory("pac-tool-");
        try
        {
            var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            var feed = Path.Combine(work.FullName, "feed");
            var tools = Path.Combine(work.FullName, "tools");
            var shop = Directory.CreateDirectory(Path.Combine(work.FullName, "shop")).FullName;
            await PackageConsumptionTests.RunAsync(repository, "pack", Path.Combine("src", "PayAtCounter.Cli", "PayAtCounter.Cli.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}");
            // Only the local folder as a source: the tool carries everything it needs.
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "nuget.config"), $"""
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="payatcounter-under-test" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            await PackageConsumptionTests.RunAsync(work.FullName, "tool", "install", "PayAtCounter.Cli", "--tool-path", tools, "--version", version);
            var pac = Path.Combine(tools, "pac");
            var environment = new Dictionary<string, string> { ["PAC_CONFIG_DIR"] = Path.Combine(work.FullName, "config") };

            await using var server = PacProcess.Start(pac, shop, environment, "serve", "--port", "0", "--clock-speed", "20");
            var url = (await server.WaitForLineAsync("URL:", TimeSpan.FromMinutes(1))).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            Assert.StartsWith("http://127.0.0.1:", url);

            // In the folder it serves from, pac finds the server and its key without a login.
            var sale = await PacProcess.RunAsync(pac, shop, environment, "sale", "--terminal", "APP1", "--amount", "12.50");
            Assert.True(sale.ExitCode == 0, sale.ToString());
            Assert.Contains("Captured after", sale.Output);

            await using var till = LoopbackReceiver.Start("webhooks");

            await using var listener = PacProcess.Start(pac, shop, environment, "webhooks", "listen", "--forward-to", till.Url);
            var secret = (await listener.WaitForLineAsync("signed with secret", TimeSpan.FromSeconds(30))).Split(' ').Last();
            await listener.WaitForLineAsync("Ctrl-C to stop", TimeSpan.FromSeconds(10));

            var second = await PacProcess.RunAsync(pac, shop, environment, "sale", "--terminal", "APP1", "--amount", "3.20");
            Assert.True(second.ExitCode == 0, second.ToString());
            var (body, signature) = await till.NextAsync(TimeSpan.FromSeconds(30));
            var payload = DojoWebhooks.ParseAndVerify(body, signature, secret);
            Assert.StartsWith("payment_intent.", payload.Event);
            await listener.WaitForLineAsync("signature ok", TimeSpan.FromSeconds(10));

            await listener.InterruptAsync();
            await listener.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(listener.ExitCode == 0, listener.ToString());
            Assert.Contains("Removed subscription", listener.Error);

            await server.InterruptAsync();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(server.ExitCode == 0, server.ToString());
            Assert.Contains("PayAtCounter stopped.", server.Error);
            Assert.False(File.Exists(Path.Combine(shop, ".payatcounter", "server-url")), "the stopped server's address was left behind");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
