using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// The server on Kestrel in this process, on a port the system picks, on its own SQLite folder with a frozen sandbox
/// clock and two accounts: the one the fuzzer drives and another whose ids it borrows. Webhook deliveries go over
/// <see cref="LoopbackOnlyNetwork"/>, so no fuzzed subscription URL can make this machine connect anywhere else.
/// </summary>
public sealed class FuzzServer : IAsyncDisposable
{
    /// <summary>The fuzzed account's key.</summary>
    public const string Key = "sk_sandbox_fuzz_0123456789abcdef";

    /// <summary>The other account's key: its ids must be invisible to <see cref="Key"/>.</summary>
    public const string OtherKey = "sk_sandbox_fuzz_other_0123456789";

    private static readonly AsyncLocal<bool> InRequest = new();
    private readonly WebApplication _app;
    private long _requestCommits;
    private long _backgroundCommits;
    private readonly string _dataDirectory;
    private readonly SqliteConnection _reader;

    private FuzzServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
        _reader = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "payatcounter.db")};Mode=ReadOnly;Pooling=False");
        _reader.Open();
        app.Services.GetRequiredService<PayAtCounter.Server.Storage.CommitFeed>().Listen(_ =>
        {
            if (InRequest.Value)
            {
                Interlocked.Increment(ref _requestCommits);
            }
            else
            {
                Interlocked.Increment(ref _backgroundCommits);
            }
        });
    }

    /// <summary>
    /// Units of work committed so far on a request's behalf and by the background loops (a session step falling due
    /// while the fuzzer sends something else). A change of the stored state during a refused request is the request's
    /// unless only the background committed meanwhile.
    /// </summary>
    public (long Request, long Background) Commits => (Interlocked.Read(ref _requestCommits), Interlocked.Read(ref _backgroundCommits));

    /// <summary>Where the server listens (127.0.0.1 and the port it got).</summary>
    public Uri Address { get; }

    /// <summary>Starts a server on a new temporary folder.</summary>
    public static async Task<FuzzServer> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "pac-fuzz", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Sandbox" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Sandbox:ApiKey"] = Key,
            ["Accounts:0:Name"] = "Other",
            ["Accounts:0:ApiKey"] = OtherKey,
            // Frozen: time moves only when a request advances it, so nothing changes between two requests on its own.
            ["Sandbox:ClockSpeed"] = "0",
            ["Sandbox:DueWorkInterval"] = "01:00:00",
            ["Shutdown:DrainTime"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "None",
        });
        // Through --urls, as the real server binds, so Kestrel's endpoint defaults (the rejection bodies) apply.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddPayAtCounter();
        var network = new LoopbackOnlyNetwork();
        builder.Services.AddSingleton<IWebhookAddressResolver>(network).AddSingleton<IWebhookConnector>(network);
        var app = builder.Build();
        // Marks the work each request does, so a commit can be told from a background loop's (see Commits).
        app.Use((context, next) =>
        {
            InRequest.Value = true;
            return next(context);
        });
        app.MapPayAtCounter();
        await app.PrepareDataAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FuzzServer(app, dataDirectory, new Uri(address));
    }

    /// <summary>
    /// A digest of everything stored that a request could change: each table's row count and the sum of its rows'
    /// versions (every change of a row raises its version), the refunds, the events raised, and the sandbox clock.
    /// Deliveries and recorded traffic are left out: they change on their own and for rejected requests too.
    /// </summary>
    public string StoredState()
    {
        using var command = _reader.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) || ':' || total("Version") FROM payment_intents)
              || '|' || (SELECT count(*) || ':' || total("Amount") FROM refunds)
              || '|' || (SELECT count(*) || ':' || total("Version") FROM terminal_sessions)
              || '|' || (SELECT count(*) || ':' || total("Version") FROM terminals)
              || '|' || (SELECT count(*) || ':' || total("Version") FROM webhook_subscriptions)
              || '|' || (SELECT count(*) || ':' || total("Version") FROM fault_rules)
              || '|' || (SELECT count(*) FROM webhook_delivery_rules)
              || '|' || (SELECT count(*) || ':' || total("Version") FROM sandbox_snapshots)
              || '|' || (SELECT count(*) FROM outbox_events)
              || '|' || (SELECT count(*) FROM accounts)
              || '|' || (SELECT total("SandboxTicks") FROM sandbox_clock)
            """;
        return (string)command.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder; it is not worth failing the run over.
        }
    }
}
