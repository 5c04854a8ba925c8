using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Access;

/// <summary>
/// Go-live rows CFG-01, CFG-05 and ERR-02 read for a server: where an account's API key comes from, which
/// <c>version</c> headers are served, and whether a 401 tells the till's user what to check.
/// </summary>
public sealed class ConfigurationChecklistTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoConfiguredKey = new() { ["Sandbox:ApiKey"] = null };

    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static string KeyFile(string dataDirectory) => Path.Combine(dataDirectory, "sandbox-api-key");

    private static async Task<JsonArray> TerminalsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/terminals");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private static async Task<HttpStatusCode> StatusWithKeyAsync(PayAtCounterApp app, string key)
        => (await app.CreateDojoClient(key).PostJsonAsync("/payment-intents/search", "{}")).StatusCode;

    [Fact]
    public async Task CFG01_the_keys_that_work_are_the_ones_set_in_configuration()
    {
        var sandboxKey = "sk_sandbox_" + Guid.NewGuid().ToString("N");
        var productionKey = "sk_prod_" + Guid.NewGuid().ToString("N");
        var secondTillKey = "sk_sandbox_" + Guid.NewGuid().ToString("N");
        using var app = new PayAtCounterApp(settings: new Dictionary<string, string?>
        {
            ["Sandbox:ApiKey"] = sandboxKey,
            ["Accounts:0:Name"] = "Till A",
            ["Accounts:0:ApiKey"] = productionKey,
            ["Accounts:1:Name"] = "Till B",
            ["Accounts:1:ApiKey"] = secondTillKey,
        });

        var sandboxIntent = await app.CreateDojoClient(sandboxKey).CreateIntentAsync();
        var productionIntent = await app.CreateDojoClient(productionKey).CreateIntentAsync();
        var secondTill = app.CreateDojoClient(secondTillKey);
        var secondTillTerminals = await TerminalsAsync(secondTill);

        Assert.StartsWith("pi_sandbox_", (string)sandboxIntent["id"]!);
        Assert.DoesNotContain("sandbox", (string)productionIntent["id"]!);
        Assert.NotEmpty(secondTillTerminals);
        // Each configured key is its own account.
        await (await secondTill.GetAsync($"/payment-intents/{sandboxIntent["id"]}")).ReadJsonAsync(HttpStatusCode.NotFound);
        // No key is built in: the ones other servers of this suite are configured with are refused here.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(app, PayAtCounterApp.SandboxKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(app, PayAtCounterApp.OtherKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(app, PayAtCounterApp.ProductionKey));
        // A configured key is not copied into the data folder.
        Assert.False(File.Exists(KeyFile(app.DataDirectory)));
    }

    [Fact]
    public async Task CFG01_without_a_configured_key_each_data_folder_gets_its_own_generated_key_kept_across_restarts()
    {
        using var otherData = new TempDataDirectory();
        string key, otherKey, intentId;
        using (var first = new PayAtCounterApp(_data.Path, NoConfiguredKey))
        {
            _ = first.Services;
            key = (await File.ReadAllTextAsync(KeyFile(_data.Path))).Trim();
            intentId = (string)(await first.CreateDojoClient(key).CreateIntentAsync())["id"]!;
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(first, PayAtCounterApp.SandboxKey));
        }
        using (var other = new PayAtCounterApp(otherData.Path, NoConfiguredKey))
        {
            _ = other.Services;
            otherKey = (await File.ReadAllTextAsync(KeyFile(otherData.Path))).Trim();
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(other, key));
        }

        using var restarted = new PayAtCounterApp(_data.Path, NoConfiguredKey);
        _ = restarted.Services;
        var intent = await restarted.CreateDojoClient(key).GetIntentAsync(intentId);

        Assert.Matches("^sk_sandbox_[0-9a-f]{48}$", key);
        Assert.Matches("^sk_sandbox_[0-9a-f]{48}$", otherKey);
        Assert.NotEqual(key, otherKey);
        Assert.Equal(key, (await File.ReadAllTextAsync(KeyFile(_data.Path))).Trim());
        Assert.Equal(intentId, (string)intent["id"]!);
        if (!OperatingSystem.IsWindows())
        {
            // The file holds a secret: only its owner may read it.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile(_data.Path)));
        }
    }

    [Fact]
    public async Task CFG01_a_key_set_in_configuration_later_is_used_instead_of_the_generated_one()
    {
        using (var first = new PayAtCounterApp(_data.Path, NoConfiguredKey))
        {
            _ = first.Services;
        }
        var configured = "sk_sandbox_" + Guid.NewGuid().ToString("N");

        using var second = new PayAtCounterApp(_data.Path, new Dictionary<string, string?> { ["Sandbox:ApiKey"] = configured });
        var intent = await second.CreateDojoClient(configured).CreateIntentAsync();

        Assert.Equal("Created", (string)intent["status"]!);
        Assert.NotEmpty(await TerminalsAsync(second.CreateDojoClient(configured)));
    }

    [Theory]
    [InlineData("2024-02-05")]
    [InlineData("2025-09-10")]
    [InlineData("2026-02-27")]
    public async Task CFG05_each_documented_api_version_is_served_on_every_path_family(string version)
    {
        using var app = new PayAtCounterApp(_data.Path);
        var client = app.CreateDojoClient(version: version);

        var intent = await client.CreateIntentAsync();
        var page = await (await client.PostJsonAsync("/payment-intents/search", "{}")).ReadJsonAsync(HttpStatusCode.OK);
        var terminals = await TerminalsAsync(client);
        var session = await client.StartSaleAsync(await client.TerminalIdAsync("APP1"), (string)intent["id"]!);
        var final = (await client.PollAsync((string)session["id"]!))[^1];
        var events = JsonNode.Parse(await (await client.GetAsync("/webhooks/events")).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.AsArray();
        var subscription = await (await client.PostJsonAsync("/webhooks", """{"events":["payment_intent.status_updated"],"url":"https://till.example/hook"}""")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Created", (string)intent["status"]!);
        Assert.Single(page["data"]!.AsArray());
        Assert.NotEmpty(terminals);
        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal("Captured", (string)(await client.GetIntentAsync((string)intent["id"]!))["status"]!);
        Assert.NotEmpty(events);
        Assert.Equal(["payment_intent.status_updated"], subscription["events"]!.AsArray().Select(e => (string)e!));
    }

    [Theory]
    [InlineData("2025-9-10")]
    [InlineData("10-09-2025")]
    [InlineData("2025/09/10")]
    [InlineData("20250910")]
    [InlineData("2025-02-30")]
    [InlineData("latest")]
    public async Task CFG05_a_malformed_version_is_a_400_that_names_the_header_and_the_expected_form(string version)
    {
        using var app = new PayAtCounterApp(_data.Path);
        var client = app.CreateDojoClient(version: version);

        var problems = new[]
        {
            await (await client.GetAsync("/payment-intents/pi_sandbox_x")).ReadJsonAsync(HttpStatusCode.BadRequest),
            await (await client.GetAsync("/terminals")).ReadJsonAsync(HttpStatusCode.BadRequest),
            await (await client.PostSessionAsync("tm_sandbox_x", SessionHttp.SaleDetails("pi_sandbox_x"))).ReadJsonAsync(HttpStatusCode.BadRequest),
            await (await client.GetAsync("/webhooks")).ReadJsonAsync(HttpStatusCode.BadRequest),
        };

        Assert.All(problems, problem =>
        {
            var message = Assert.Single(problem.FieldErrors("version"));
            Assert.Equal($"The version header '{version}' is not a date in the form yyyy-MM-dd.", message);
            // A till that shows only `detail` still shows the reason.
            Assert.Equal(message, (string)problem["detail"]!);
        });
    }

    [Fact]
    public async Task CFG05_a_missing_version_is_a_400_that_shows_a_valid_header()
    {
        using var app = new PayAtCounterApp(_data.Path);
        var client = app.CreateDojoClient(version: null);

        var problem = await (await client.GetAsync("/terminals")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("The version header is required, e.g. 'version: 2025-09-10'.", Assert.Single(problem.FieldErrors("version")));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("extra character")]
    [InlineData("base64 of key colon")]
    [InlineData("bearer")]
    public async Task ERR02_a_401_on_every_path_family_says_the_api_key_is_missing_or_invalid_and_how_to_send_it(string credentials)
    {
        using var app = new PayAtCounterApp(_data.Path);
        var client = app.CreateDojoClient(credentials switch
        {
            "extra character" => PayAtCounterApp.SandboxKey + "x",
            "base64 of key colon" => Convert.ToBase64String(Encoding.UTF8.GetBytes(PayAtCounterApp.SandboxKey + ":")),
            _ => null,
        });
        if (credentials == "bearer")
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + PayAtCounterApp.SandboxKey);
        }

        var problems = new[]
        {
            await (await client.GetAsync("/payment-intents/pi_sandbox_x")).ReadJsonAsync(HttpStatusCode.Unauthorized),
            await (await client.GetAsync("/terminals")).ReadJsonAsync(HttpStatusCode.Unauthorized),
            await (await client.GetAsync("/terminal-sessions/ts_sandbox_x")).ReadJsonAsync(HttpStatusCode.Unauthorized),
            await (await client.GetAsync("/webhooks")).ReadJsonAsync(HttpStatusCode.Unauthorized),
        };

        Assert.All(problems, problem =>
        {
            Assert.Equal(401, (int)problem["status"]!);
            Assert.Equal("Unauthorized", (string)problem["title"]!);
            // The till can show `detail` as it is: it says what is wrong and what to check.
            var detail = (string)problem["detail"]!;
            Assert.Contains("API key is missing or invalid", detail);
            Assert.Contains("Authorization: Basic <api key>", detail);
            Assert.Contains("raw key", detail);
        });
    }
}
