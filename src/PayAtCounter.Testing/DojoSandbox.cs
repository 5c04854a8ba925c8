using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using PayAtCounter.Client;
using PayAtCounter.Server.Hosting;

namespace PayAtCounter.Testing;

/// <summary>
/// A PayAtCounter server inside the test process, on its own SQLite folder, with a frozen sandbox clock.
/// <see cref="Client"/> talks to it without a port; its session helpers move the sandbox clock instead of
/// sleeping, so an 80 s signature timeout passes in milliseconds.
/// </summary>
public sealed class DojoSandbox : IAsyncDisposable
{
    /// <summary>The sandbox account's API key.</summary>
    public const string ApiKey = "sk_sandbox_in_process_0123456789abcdef";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly HttpClient _http;

    private DojoSandbox(WebApplication app, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _http = app.GetTestServer().CreateClient();
        Client = CreateClient(ApiKey);
    }

    /// <summary>A ready client for the sandbox account.</summary>
    public DojoClient Client { get; }

    /// <summary>Another client of this sandbox, for example with a wrong key.</summary>
    public DojoClient CreateClient(string apiKey) => new(_http, new DojoClientOptions
    {
        BaseUri = _http.BaseAddress!,
        ApiKey = apiKey,
        SoftwareHouseId = "softwareHouse1",
        ResellerId = "reseller1",
        Delay = (by, _) => AdvanceAsync(by),
    });

    /// <summary>Starts a sandbox with its own empty database in a temporary folder, deleted on dispose.</summary>
    public static Task<DojoSandbox> StartAsync(CancellationToken cancellationToken = default)
        => StartAsync(new Dictionary<string, string?>(), cancellationToken);

    /// <summary>
    /// Starts a sandbox with server settings of your own on top of the defaults (any setting <c>--help</c> lists, e.g.
    /// <c>["Readiness:MaxRecordsPerSecond"] = "100000"</c> so a fast test's every request is graded, or rate limits).
    /// </summary>
    public static async Task<DojoSandbox> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "pac-sandbox", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        // Built directly on TestServer rather than WebApplicationFactory: that needs the server's project
        // folder and .deps.json, which a test project consuming the NuGet packages doesn't have.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataDirectory, EnvironmentName = "Sandbox" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Sandbox:ApiKey"] = ApiKey,
            ["Sandbox:ClockSpeed"] = "0",
            // Nothing becomes due on a frozen clock except through AdvanceAsync, which runs the work itself.
            ["Sandbox:DueWorkInterval"] = "01:00:00",
            // In a test process nobody holds connections to drain: stop at once.
            ["Shutdown:DrainTime"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseTestServer();
        builder.AddPayAtCounter();
        var app = builder.Build();
        try
        {
            app.MapPayAtCounter();
            await app.PrepareDataAsync(cancellationToken);
            await app.StartAsync(cancellationToken);
            return new DojoSandbox(app, dataDirectory);
        }
        catch
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Moves sandbox time forward and runs what became due.</summary>
    public Task AdvanceAsync(TimeSpan by)
        => ControlAsync("sandbox/clock/advance", new { duration = by.ToString("c", CultureInfo.InvariantCulture) });

    /// <summary>The terminal whose TID ends with <paramref name="tidSuffix"/>: APP1, SIP0, DIP0, TIP0, SIS0, OFF1 or the interactive PDQ1.</summary>
    public async Task<SandboxTerminal> TerminalAsync(string tidSuffix)
    {
        var terminals = await Client.Terminals.ListAsync();
        var terminal = terminals.SingleOrDefault(t => t.Properties.Tid.EndsWith(tidSuffix, StringComparison.Ordinal))
            ?? throw new ArgumentException($"No sandbox terminal's TID ends with '{tidSuffix}'; the TIDs are {string.Join(", ", terminals.Select(t => t.Properties.Tid))}.", nameof(tidSuffix));
        return new SandboxTerminal(this, terminal.Id, terminal.Properties.Tid);
    }

    /// <summary>The id of the terminal whose TID ends with <paramref name="tidSuffix"/>, for creating sessions.</summary>
    public async Task<string> TerminalIdAsync(string tidSuffix) => (await TerminalAsync(tidSuffix)).Id;

    /// <summary>Pays an intent with the sandbox test card, without a terminal.</summary>
    public Task PayAsync(string paymentIntentId, string entryMode = "ContactChip")
        => ControlAsync($"sandbox/payment-intents/{paymentIntentId}/card-payment", new { entryMode });

    /// <summary>
    /// Resets the sandbox account: its starting terminals again, and no intents, sessions, subscriptions,
    /// deliveries or recorded traffic. Its snapshots go too, unless <paramref name="keepSnapshots"/>.
    /// </summary>
    public Task ResetAsync(bool keepSnapshots = false)
        => ControlAsync(HttpMethod.Post, keepSnapshots ? "sandbox/reset?keepSnapshots=true" : "sandbox/reset", null);

    /// <summary>Saves the account's whole world (intents, sessions, terminals, subscriptions) as <paramref name="name"/>.</summary>
    public Task TakeSnapshotAsync(string name) => ControlAsync(HttpMethod.Post, "sandbox/snapshots", new { name });

    /// <summary>
    /// Puts the world back as snapshot <paramref name="name"/> holds it. The clock does not go back: a session that
    /// was live in the snapshot carries on from where it was, with the steps due by now run at once.
    /// </summary>
    public Task RestoreSnapshotAsync(string name) => ControlAsync(HttpMethod.Post, $"sandbox/snapshots/{Uri.EscapeDataString(name)}/restore", null);

    /// <summary>Deletes snapshot <paramref name="name"/>.</summary>
    public Task DeleteSnapshotAsync(string name) => ControlAsync(HttpMethod.Delete, $"sandbox/snapshots/{Uri.EscapeDataString(name)}", null);

    /// <summary>
    /// Adds a fault rule for the next calls of Dojo's API that match <paramref name="method"/> (null for any) and
    /// <paramref name="path"/> (<c>*</c> for one segment): <c>Status</c> (with <paramref name="status"/> 500, 502, 503
    /// or 429; nothing stored), <c>Delay</c>, <c>DropAfterCommit</c> (stored, then no response) or
    /// <c>TimeoutAfterCommit</c> (stored, the response held for <paramref name="hold"/>). Returns the rule's id.
    /// </summary>
    public async Task<string> AddFaultAsync(string? method, string path, string action, int? status = null, int? count = 1,
        TimeSpan? delay = null, TimeSpan? hold = null, double? probability = null)
    {
        using var created = await SendAsync(HttpMethod.Post, "sandbox/faults", new
        {
            method, path, action, status, count, probability,
            delay = delay?.ToString("c", CultureInfo.InvariantCulture),
            hold = hold?.ToString("c", CultureInfo.InvariantCulture),
        });
        return created!.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Removes fault rule <paramref name="ruleId"/>.</summary>
    public Task RemoveFaultAsync(string ruleId) => ControlAsync(HttpMethod.Delete, $"sandbox/faults/{Uri.EscapeDataString(ruleId)}", null);

    /// <summary>Expires a running session now, as when Dojo loses the terminal.</summary>
    public Task ExpireSessionAsync(string terminalSessionId) => ControlAsync(HttpMethod.Post, $"sandbox/terminal-sessions/{Uri.EscapeDataString(terminalSessionId)}/expire", null);

    /// <summary>Makes the issuer decline a running session's card, whatever its terminal's script.</summary>
    public Task DeclineSessionAsync(string terminalSessionId) => ControlAsync(HttpMethod.Post, $"sandbox/terminal-sessions/{Uri.EscapeDataString(terminalSessionId)}/decline", null);

    /// <summary>
    /// Adds a rule on a webhook subscription's deliveries: <c>Delay</c> (<paramref name="wait"/>), <c>Duplicate</c>,
    /// <c>Reorder</c> (held for <paramref name="wait"/>) or <c>DropThenRetry</c> (<paramref name="failures"/> failed
    /// attempts first). Returns the rule's id.
    /// </summary>
    public async Task<string> AddDeliveryRuleAsync(string subscriptionId, string action, TimeSpan? wait = null, int? failures = null, int? count = null)
    {
        var interval = wait?.ToString("c", CultureInfo.InvariantCulture);
        using var created = await SendAsync(HttpMethod.Post, "sandbox/webhooks/rules", new
        {
            subscriptionId, action, count, failures,
            delay = action == "Delay" ? interval : null,
            window = action == "Reorder" ? interval : null,
        });
        return created!.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Sends every webhook event of an intent again to the subscriptions that want it.</summary>
    public Task ResendEventsAsync(string paymentIntentId) => ControlAsync(HttpMethod.Post, $"sandbox/payment-intents/{Uri.EscapeDataString(paymentIntentId)}/resend-events", null);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    // Moves the frozen clock in small steps, for at most ten sandbox seconds, until the session running on the
    // terminal shows the notification; without a running session there is nothing to wait for.
    internal async Task UntilTerminalShowsAsync(string terminalId, string notificationType)
    {
        var step = TimeSpan.FromMilliseconds(200);
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += step)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "sandbox/terminals");
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + ApiKey);
            using var response = await _http.SendAsync(request);
            var terminals = await response.Content.ReadFromJsonAsync<List<LiveSessionOf>>() ?? [];
            if (terminals.FirstOrDefault(t => t.Id == terminalId)?.LiveSessionId is not { } sessionId
                || (await Client.TerminalSessions.GetAsync(sessionId)).NotificationEvents.Any(n => n.NotificationType == notificationType))
            {
                return;
            }
            await AdvanceAsync(step);
        }
    }

    private sealed record LiveSessionOf(string Id, string? LiveSessionId);

    // The sandbox control API is not part of Dojo's, so it has no typed client; a failure here is a broken test setup.
    internal Task ControlAsync(string path, object? body) => ControlAsync(HttpMethod.Post, path, body);

    private async Task ControlAsync(HttpMethod method, string path, object? body)
    {
        using var _ = await SendAsync(method, path, body);
    }

    // The answer's JSON, or null for an empty one.
    private async Task<JsonDocument?> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: ControlJson) };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + ApiKey);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} /{path} failed: {(int)response.StatusCode} {text}");
        }
        return text.Length == 0 ? null : JsonDocument.Parse(text);
    }

    private static readonly JsonSerializerOptions ControlJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
