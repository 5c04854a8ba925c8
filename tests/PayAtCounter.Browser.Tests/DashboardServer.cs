using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PayAtCounter.Browser.Tests;

/// <summary>
/// The server on a real loopback port (port 0: the system picks a free one, so nothing is probed and lost) with its
/// own data folder, a known key, and a sandbox clock at <paramref name="clockSpeed"/>. Each test makes its own.
/// </summary>
public sealed class DashboardServer : WebApplicationFactory<Program>
{
    /// <summary>The sandbox account's key.</summary>
    public const string Key = "sk_sandbox_browser_tests_0123456789";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "pac-browser-tests", Guid.NewGuid().ToString("N"));
    private readonly double _clockSpeed;

    /// <summary>Starts the server.</summary>
    public DashboardServer(double clockSpeed = 20)
    {
        _clockSpeed = clockSpeed;
        UseKestrel(0);
        StartServer();
        Url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        Api = new HttpClient { BaseAddress = new Uri(Url) };
        Api.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + Key);
        Api.DefaultRequestHeaders.Add("version", "2025-09-10");
        Api.DefaultRequestHeaders.Add("software-house-id", "browser-tests");
        Api.DefaultRequestHeaders.Add("reseller-id", "browser-tests");
        Api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    /// <summary>A client of the Dojo and sandbox APIs with the account's key: the till, in these tests.</summary>
    public HttpClient Api { get; }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Storage:DataDirectory", _data);
        builder.UseSetting("Sandbox:ApiKey", Key);
        builder.UseSetting("Sandbox:ClockSpeed", _clockSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Sends <paramref name="json"/> and returns the JSON answer, failing the test on an error status.</summary>
    public async Task<JsonObject> PostAsync(string path, string json)
    {
        using var response = await Api.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} gave {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>GETs <paramref name="path"/> and returns the JSON answer, failing the test on an error status.</summary>
    public async Task<JsonNode> GetAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} gave {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The id of the terminal whose TID ends with <paramref name="suffix"/>.</summary>
    public async Task<string> TerminalAsync(string suffix)
        => (string)(await GetAsync("/terminals"))!.AsArray().First(t => ((string)t!["properties"]!["tid"]!).EndsWith(suffix, StringComparison.Ordinal))!["id"]!;

    /// <summary>A new payment intent of <paramref name="amount"/> pence.</summary>
    public async Task<string> IntentAsync(long amount = 1000, string captureMode = "Auto")
        => (string)(await PostAsync("/payment-intents", $$"""{"amount":{"value":{{amount}},"currencyCode":"GBP"},"reference":"Browser test","captureMode":"{{captureMode}}"}"""))["id"]!;

    /// <summary>Starts a sale of <paramref name="intentId"/> on the terminal and returns the session id.</summary>
    public async Task<string> SaleAsync(string terminalId, string intentId)
        => (string)(await PostAsync("/terminal-sessions", $$"""{"terminalId":"{{terminalId}}","details":{"sessionType":"Sale","sale":{"paymentIntentId":"{{intentId}}"} } }"""))["id"]!;

    /// <summary>Polls the session, as a till does, until it has <paramref name="status"/> or a minute has passed.</summary>
    public async Task<string> WaitForSessionAsync(string sessionId, string status)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        string current;
        do
        {
            current = (string)(await GetAsync($"/terminal-sessions/{sessionId}"))["status"]!;
            if (current == status)
            {
                return current;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);
        return current;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Api.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(_data))
            {
                Directory.Delete(_data, recursive: true);
            }
        }
    }
}
