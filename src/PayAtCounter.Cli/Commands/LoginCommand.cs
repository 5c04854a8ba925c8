using System.CommandLine;
using Spectre.Console;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Profiles;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac login</c>: checks a server and key, then saves them as a profile (mode 600); the key is never printed.</summary>
internal static class LoginCommand
{
    public static Command Build(PacCli cli)
    {
        var url = new Option<string>("--url") { Description = "The API's address: a PayAtCounter server or https://api.dojo.tech", DefaultValueFactory = _ => Connection.DefaultUrl };
        var key = new Option<string?>("--key") { Description = "The API key; asked for (not echoed) when left out, or read from standard input" };
        var softwareHouse = new Option<string?>("--software-house-id") { Description = $"Sent as software-house-id; default {Connection.SandboxSoftwareHouseId} (Dojo's sandbox value)" };
        var reseller = new Option<string?>("--reseller-id") { Description = $"Sent as reseller-id; default {Connection.SandboxResellerId}" };
        return new Command("login", """
            Saves a server and API key as a profile (default: 'default') after checking them with one call.
            The profiles file is readable by you only; PAC_URL and PAC_KEY override it, --profile picks one.

            Examples:
              pac login --url http://localhost:5080 --key sk_sandbox_…
              echo "$DOJO_KEY" | pac login --url https://api.dojo.tech --profile dojo
            """).With(url, key, softwareHouse, reseller).Runs(cli, async inv =>
        {
            var name = inv.Get(cli.Global.Profile) ?? "default";
            var apiKey = inv.Get(key) ?? await ReadKeyAsync(inv);
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                throw new PacException("no API key given: pass --key, or type it when asked");
            }
            var connection = new Connection(Connection.ParseUrl(inv.Get(url)!), apiKey.Trim(),
                inv.Get(softwareHouse) ?? Connection.SandboxSoftwareHouseId, inv.Get(reseller) ?? Connection.SandboxResellerId);
            inv.Use(connection);
            var terminals = await inv.Client.Terminals.ListAsync(cancellationToken: inv.Cancellation);
            var store = new ProfileStore(inv.Environment.ConfigDirectory);
            store.Save(name, new PayAtCounter.Cli.Profiles.Profile
            {
                Url = connection.Url.AbsoluteUri.TrimEnd('/'),
                Key = connection.Key,
                SoftwareHouseId = inv.Get(softwareHouse),
                ResellerId = inv.Get(reseller),
            });
            inv.Out.WriteLine($"Logged in to {connection.Url.AbsoluteUri.TrimEnd('/')} ({terminals.Count} terminals); saved as profile '{name}' in {store.FilePath}");
            return ExitCodes.Success;
        });
    }

    // On a terminal the key is typed without echo; from a pipe it is the first line.
    private static async Task<string?> ReadKeyAsync(Invocation inv)
    {
        var console = inv.Environment.Console;
        if (!console.InputIsTerminal || !ReferenceEquals(console.Input, Console.In))
        {
            return await console.Input.ReadLineAsync(inv.Cancellation);
        }
        console.Err.Write("API key: ");
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            // Polled rather than blocking in ReadKey, so Ctrl-C (a signal, not a key) ends the wait.
            while (!Console.KeyAvailable)
            {
                await Task.Delay(20, inv.Cancellation);
            }
            var pressed = Console.ReadKey(intercept: true);
            if (pressed.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (pressed.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(pressed.KeyChar))
            {
                typed.Append(pressed.KeyChar);
            }
        }
        console.Err.WriteLine();
        return typed.ToString();
    }
}
