using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PayAtCounter.Client;

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

    private readonly Host _host;
    private readonly HttpClient _http;

    private DojoSandbox(Host host)
    {
        _host = host;
        _http = host.CreateClient();
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

    /// <summary>Starts a sandbox.</summary>
    public static Task<DojoSandbox> StartAsync()
    {
        var sandbox = new DojoSandbox(new Host(Path.Combine(Path.GetTempPath(), "pac-sandbox", Guid.NewGuid().ToString("N"))));
        return Task.FromResult(sandbox);
    }

    /// <summary>Moves sandbox time forward and runs what became due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
        => await SandboxPostAsync("sandbox/clock/advance", $$"""{"duration":"{{by.ToString("c", CultureInfo.InvariantCulture)}}"}""");

    /// <summary>The id of the terminal whose TID ends with <paramref name="tidSuffix"/> (APP1, SIP0, DIP0, TIP0, SIS0, OFF1, PDQ1).</summary>
    public async Task<string> TerminalIdAsync(string tidSuffix)
        => (await Client.Terminals.ListAsync()).Single(t => t.Properties.Tid.EndsWith(tidSuffix, StringComparison.Ordinal)).Id;

    /// <summary>Pays an intent with the sandbox test card, without a terminal.</summary>
    public Task PayAsync(string paymentIntentId, string entryMode = "ContactChip")
        => SandboxPostAsync($"sandbox/payment-intents/{paymentIntentId}/card-payment", $$"""{"entryMode":"{{entryMode}}"}""");

    /// <summary>A person at the interactive PDQ presents a card.</summary>
    public Task PresentCardAsync(string terminalId, string entryMode = "ContactChip", string outcome = "Approve")
        => SandboxPostAsync($"sandbox/terminals/{terminalId}/present-card", $$"""{"entryMode":"{{entryMode}}","outcome":"{{outcome}}"}""");

    /// <summary>A person at the interactive PDQ enters the PIN.</summary>
    public Task EnterPinAsync(string terminalId) => SandboxPostAsync($"sandbox/terminals/{terminalId}/enter-pin", "");

    /// <summary>A person presses X on the interactive PDQ.</summary>
    public Task PressCancelAsync(string terminalId) => SandboxPostAsync($"sandbox/terminals/{terminalId}/press-cancel", "");

    /// <summary>The terminal loses power.</summary>
    public Task PowerOffAsync(string terminalId) => SandboxPostAsync($"sandbox/terminals/{terminalId}/power-off", "");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_host.DataDirectory))
        {
            Directory.Delete(_host.DataDirectory, recursive: true);
        }
    }

    private async Task<JsonNode?> SandboxPostAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + ApiKey);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /{path} failed: {(int)response.StatusCode} {body}");
        }
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }

    private sealed class Host(string dataDirectory) : WebApplicationFactory<Program>
    {
        public string DataDirectory { get; } = dataDirectory;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:DataDirectory", DataDirectory);
            builder.UseSetting("Sandbox:ApiKey", ApiKey);
            builder.UseSetting("Sandbox:ClockSpeed", "0");
            builder.UseSetting("Sandbox:DueWorkInterval", "01:00:00");
        }
    }
}
