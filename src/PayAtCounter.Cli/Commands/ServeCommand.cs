using System.CommandLine;
using Spectre.Console;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Server.Hosting;

namespace PayAtCounter.Cli.Commands;

/// <summary>
/// <c>pac serve</c>: the PayAtCounter server, run from the tool itself (no repository, nothing else to install),
/// with its dashboard, a ready sandbox account and terminals. Ctrl-C stops it cleanly.
/// </summary>
internal static class ServeCommand
{
    public static Command Build(PacCli cli)
    {
        var port = new Option<int>("--port", "-p") { Description = "The port on localhost; 0 picks a free one", DefaultValueFactory = _ => 5080 };
        var data = new Option<string>("--data") { Description = "Folder of the SQLite database and the sandbox key", DefaultValueFactory = _ => ".payatcounter" };
        var speed = new Option<double?>("--clock-speed") { Description = "Sandbox seconds per real second (20: an 80 s signature timeout in 4 s); 0 freezes time" };
        var seed = new Option<int?>("--seed") { Description = "Makes ids and simulated card data repeatable" };
        var provider = new Option<string>("--provider") { Description = "sqlite (embedded) or postgres", DefaultValueFactory = _ => "sqlite" }.AcceptOnlyFromAmong("sqlite", "postgres");
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (with --provider postgres)" };
        var fixture = new Option<string?>("--fixture") { Description = "A fixture file the sandbox account starts from (docs/scenarios.md)" };
        var command = new Command("serve", """
            Runs a PayAtCounter server here: Dojo's Pay at Counter API, virtual terminals and the dashboard, on an
            embedded SQLite database in --data. Prints its URL and API key; `pac` in this folder then needs no
            login (with the default --data). Any other server setting can follow as --Section:Name=value (the README's
            settings table).

            Examples:
              pac serve
              pac serve --port 0 --clock-speed 20 --data /tmp/sandbox
              pac serve --provider postgres --connection "Host=127.0.0.1;Database=pac;Username=pac"
              pac serve --Webhooks:MaxAttempts=3
            """).With(port, data, speed, seed, provider, connection, fixture);
        command.TreatUnmatchedTokensAsErrors = false;
        return command.Runs(cli, async inv =>
        {
            var here = inv.Environment.CurrentDirectory;
            var listen = inv.Get(port) switch
            {
                < 0 or > 65535 => throw new PacException($"--port {inv.Get(port)} is not a port (0–65535)"),
                0 => "http://127.0.0.1:0", // Kestrel cannot pick a free port for the name localhost
                var p => $"http://localhost:{p}",
            };
            var settings = new List<string>
            {
                "--hostBuilder:reloadConfigOnChange=false",
                "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
                "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning", "--Logging:LogLevel:System.Net.Http.HttpClient=Warning",
                $"--Urls={listen}", $"--Storage:DataDirectory={Path.GetFullPath(inv.Get(data)!, here)}",
            };
            if (inv.Get(provider) == "postgres")
            {
                settings.Add("--Storage:Provider=Postgres");
                settings.Add("--Storage:ConnectionString=" + (inv.Get(connection) ?? throw new PacException("--provider postgres needs --connection \"Host=…;Database=…;Username=…\"")));
            }
            if (inv.Get(speed) is { } clockSpeed)
            {
                settings.Add($"--Sandbox:ClockSpeed={clockSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            if (inv.Get(seed) is { } seedValue)
            {
                settings.Add($"--Sandbox:Seed={seedValue}");
            }
            if (inv.Get(fixture) is { } fixtureFile)
            {
                var path = Path.GetFullPath(fixtureFile, here);
                settings.Add("--Sandbox:Fixture=" + (File.Exists(path) ? path : throw new PacException($"--fixture {fixtureFile}: no such file")));
            }
            settings.AddRange(ServerSettings(inv.Parse.UnmatchedTokens));
            return await RunAsync(inv, [.. settings], Path.GetFullPath(inv.Get(data)!, here));
        });
    }

    // What follows the options must be server settings (--Section:Name=value, or --Urls=…): a mistyped option such as
    // --prot is a usage error, not a setting the server would ignore.
    private static IEnumerable<string> ServerSettings(IReadOnlyList<string> tokens)
    {
        foreach (var token in tokens)
        {
            var name = token.StartsWith("--", StringComparison.Ordinal) ? token[2..].Split('=')[0] : null;
            if (name is null || !(name.Contains(':', StringComparison.Ordinal) || name.Equals("Urls", StringComparison.OrdinalIgnoreCase)) || !token.Contains('=', StringComparison.Ordinal))
            {
                throw new PacException($"'{token}' is not an option of pac serve, nor a server setting written --Section:Name=value (e.g. --Webhooks:MaxAttempts=3)");
            }
            yield return token;
        }
    }

    private static async Task<int> RunAsync(Invocation inv, string[] settings, string dataDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.AddPayAtCounter();
        await using var app = builder.Build();
        try
        {
            app.MapPayAtCounter();
            await app.StartPayAtCounterAsync(inv.Cancellation);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or OptionsValidationException or System.Data.Common.DbException)
        {
            throw new PacException($"the server could not start: {StartFailure.Describe(ex)}", ExitCodes.ApiError);
        }
        catch (OperationCanceledException) when (inv.Cancellation.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        // Where this server listens, beside its key: `pac` commands run in this folder find both without a login.
        // Written whole, then moved into place, so a command reading it never sees it half-written.
        var urlFile = Path.Combine(dataDirectory, Profiles.Connection.ServerUrlFileName);
        await File.WriteAllTextAsync(urlFile + ".tmp", app.Urls.First() + Environment.NewLine, CancellationToken.None);
        File.Move(urlFile + ".tmp", urlFile, overwrite: true);
        try
        {
            await app.WaitForShutdownAsync(inv.Cancellation);
        }
        finally
        {
            File.Delete(urlFile);
        }
        inv.Environment.Console.Err.WriteLine("PayAtCounter stopped.");
        return ExitCodes.Success;
    }
}
