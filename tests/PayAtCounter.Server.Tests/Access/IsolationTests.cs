using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Access;

/// <summary>
/// Accounts are sealed from each other. Account A gets a world of objects made at random from a seed (intents in
/// every state, refunds, a session, a subscription with secrets, deliveries, events, a snapshot, rules, a readiness
/// run); then every operation of the Dojo and sandbox APIs that names an object is called with account B's key on
/// each of A's objects, and on guessed neighbours of their ids. Each must answer 404 and leave A's world as it was;
/// B's lists must show none of A's ids.
/// </summary>
public sealed partial class IsolationTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _a;
    private readonly HttpClient _b;

    public IsolationTests()
    {
        _a = _app.CreateDojoClient();
        _b = _app.CreateDojoClient(PayAtCounterApp.OtherKey);
    }

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_operation_with_another_accounts_key_on_its_objects_is_404_and_changes_nothing(int seed)
    {
        var ids = await BuildWorldAsync(new Random(seed));
        var before = await WorldOfAAsync(ids);
        var calls = 0;
        var failures = new List<string>();

        var controls = 0;
        var operations = await OperationsWithIdsAsync();
        // Every operation that names an object must have had one of A's objects to name.
        var uncovered = operations.Where(o => !ids.ContainsKey(Parameter().Match(o.Template).Groups[1].Value)).ToList();
        Assert.True(uncovered.Count == 0, "no object of A for: " + string.Join(", ", uncovered.Select(o => $"{o.Method} {o.Template}")));
        foreach (var (method, template) in operations)
        {
            var paths = Paths(template, ids).ToList();
            if (method == "GET" && paths.Count > 0)
            {
                // The control: the owner reads the same object, so a 404 for the other key is about the key, not a wrong id.
                using var own = await _a.GetAsync(paths[0]);
                Assert.True(own.IsSuccessStatusCode, $"GET {paths[0]} with its own account's key: {(int)own.StatusCode}");
                controls++;
            }
            foreach (var path in paths)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (Body(method + " " + template, ids) is { } body)
                {
                    request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                }
                request.Headers.TryAddWithoutValidation("idempotencyKey", "isolation-" + calls);
                using var response = await _b.SendAsync(request);
                calls++;
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"{method} {path} with the other account's key: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        var after = await WorldOfAAsync(ids);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, after);
        Assert.True(calls > 100 && controls >= 8, $"only {calls} calls and {controls} controls were made");
        ReliabilityFigures.Record("isolation", $"seed{seed}", new Dictionary<string, object>
        {
            ["calls"] = calls,
            ["objects"] = ids.Values.Sum(v => v.Count),
            ["failures"] = 0,
        });
    }

    [Fact]
    public async Task Another_accounts_lists_show_none_of_its_ids()
    {
        var ids = await BuildWorldAsync(new Random(7));
        var everyId = ids.Values.SelectMany(v => v).Where(id => id.Length > 8).ToList();

        string[] lists = ["/terminals", "/webhooks", "/webhooks/events", "/sandbox/terminals", "/sandbox/webhooks/deliveries", "/sandbox/snapshots",
            "/sandbox/faults", "/sandbox/webhooks/rules", "/sandbox/readiness/runs"];
        var seen = new List<string>();
        foreach (var list in lists)
        {
            seen.Add(await OkAsync(_b, HttpMethod.Get, list));
        }
        seen.Add(await OkAsync(_b, HttpMethod.Post, "/payment-intents/search", """{"cursor":{"limit":100}}"""));

        foreach (var (list, body) in lists.Append("/payment-intents/search").Zip(seen))
        {
            Assert.DoesNotContain(everyId, id => body.Contains(id, StringComparison.Ordinal));
            Assert.NotNull(list);
        }
    }

    // A's objects, by the path parameter that names them; amounts and states come from the seed.
    private async Task<Dictionary<string, List<string>>> BuildWorldAsync(Random random)
    {
        var ids = new Dictionary<string, List<string>>();
        void Add(string kind, string id) => (ids.TryGetValue(kind, out var list) ? list : ids[kind] = []).Add(id);

        for (var i = 0; i < random.Next(3, 6); i++)
        {
            var amount = random.Next(100, 50_000);
            var id = (string)(await _a.CreateIntentAsync(amount, random.Next(2) == 0 ? "Auto" : "Manual"))["id"]!;
            Add("paymentIntentId", id);
            if (random.Next(3) > 0)
            {
                await _a.PayAsync(id);
            }
        }
        var captured = await _a.CapturedIntentAsync(random.Next(1000, 9000));
        Add("paymentIntentId", captured);
        var refund = await (await _a.RefundAsync(captured, 500, "isolation-refund")).ReadJsonAsync(HttpStatusCode.OK);
        Add("refundId", (string)refund["refundId"]!);

        var terminals = JsonNode.Parse(await OkAsync(_a, HttpMethod.Get, "/terminals"))!.AsArray();
        foreach (var terminal in terminals)
        {
            Add("terminalId", (string)terminal!["id"]!);
        }
        var pdq = terminals.First(t => ((string)t!["properties"]!["tid"]!).EndsWith("PDQ1", StringComparison.Ordinal))!;
        var forSession = (string)(await _a.CreateIntentAsync(random.Next(100, 900)))["id"]!;
        Add("paymentIntentId", forSession);
        var session = JsonNode.Parse(await OkAsync(_a, HttpMethod.Post, "/terminal-sessions",
            $$"""{"terminalId":"{{pdq["id"]}}","details":{"sessionType":"Sale","sale":{"paymentIntentId":"{{forSession}}"} } }"""))!;
        Add("terminalSessionId", (string)session["id"]!);

        var subscription = JsonNode.Parse(await OkAsync(_a, HttpMethod.Post, "/webhooks", """{"events":["payment_intent.status_updated"],"url":"https://127.0.0.1:9/isolation"}"""))!;
        var subscriptionId = (string)subscription["id"]!;
        Add("subscriptionId", subscriptionId);
        var secret = JsonNode.Parse(await OkAsync(_a, HttpMethod.Post, $"/webhooks/{subscriptionId}/secrets"))!;
        Add("secretId", (string)secret["id"]!);
        var sent = JsonNode.Parse(await OkAsync(_a, HttpMethod.Post, "/sandbox/webhooks/test-event", """{"paymentStatus":"Captured"}"""))!;
        Add("eventId", (string)sent["eventId"]!);
        Add("deliveryId", await FirstDeliveryAsync());
        Add("name", "isolation-snapshot-" + random.Next(1000));
        await OkAsync(_a, HttpMethod.Post, "/sandbox/snapshots", $$"""{"name":"{{ids["name"][0]}}"}""");
        var fault = JsonNode.Parse(await OkAsync(_a, HttpMethod.Post, "/sandbox/faults", """{"method":"GET","path":"/payment-intents/never-called","action":"Status","status":503,"count":1}"""))!;
        Add("ruleId", (string)fault["id"]!);
        var rule = JsonNode.Parse(await OkAsync(_a, HttpMethod.Post, "/sandbox/webhooks/rules", $$"""{"subscriptionId":"{{subscriptionId}}","action":"Duplicate","count":1}"""))!;
        Add("ruleId", (string)rule["id"]!);
        var run = JsonNode.Parse(await OkAsync(_a, HttpMethod.Post, "/sandbox/readiness/runs", """{"name":"isolation"}"""))!;
        Add("runId", (string)run["id"]!);
        return ids;
    }

    private async Task<string> FirstDeliveryAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var deliveries = JsonNode.Parse(await OkAsync(_a, HttpMethod.Get, "/sandbox/webhooks/deliveries"))!.AsArray();
            if (deliveries.Count > 0)
            {
                return (string)deliveries[0]!["id"]!;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("No delivery was made for the test event within 5 s.");
    }

    // What A sees of its world: each object, and each list. Deliveries and rules change as deliveries are tried,
    // so only their ids are compared.
    private async Task<string> WorldOfAAsync(Dictionary<string, List<string>> ids)
    {
        var parts = new List<string>();
        foreach (var id in ids["paymentIntentId"])
        {
            parts.Add(await OkAsync(_a, HttpMethod.Get, $"/payment-intents/{id}"));
        }
        foreach (var id in ids["terminalSessionId"])
        {
            parts.Add(await OkAsync(_a, HttpMethod.Get, $"/terminal-sessions/{id}"));
        }
        parts.Add(await OkAsync(_a, HttpMethod.Get, "/terminals"));
        parts.Add(await OkAsync(_a, HttpMethod.Get, "/webhooks"));
        parts.Add(await OkAsync(_a, HttpMethod.Get, $"/webhooks/{ids["subscriptionId"][0]}/secrets"));
        parts.Add(await OkAsync(_a, HttpMethod.Get, "/sandbox/snapshots"));
        parts.Add(await OkAsync(_a, HttpMethod.Get, "/sandbox/readiness/runs"));
        parts.Add(await OkAsync(_a, HttpMethod.Get, "/sandbox/clock"));
        foreach (var list in new[] { "/sandbox/webhooks/deliveries", "/sandbox/faults", "/sandbox/webhooks/rules" })
        {
            parts.Add(string.Join(",", JsonNode.Parse(await OkAsync(_a, HttpMethod.Get, list))!.AsArray().Select(item => (string)item!["id"]!).Order()));
        }
        return string.Join("\n", parts);
    }

    // Every operation whose path names an object, from the server's own OpenAPI document.
    private async Task<List<(string Method, string Template)>> OperationsWithIdsAsync()
    {
        using var document = JsonDocument.Parse(await OkAsync(_a, HttpMethod.Get, "/openapi/v1.json"));
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.Contains('{', StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name.ToUpperInvariant(), path.Name)))
            .ToList();
    }

    // The template filled with each of A's objects of the kind, and with guessed neighbours of the first one's id.
    private static IEnumerable<string> Paths(string template, Dictionary<string, List<string>> ids)
    {
        var parameters = Parameter().Matches(template).Select(m => m.Groups[1].Value).ToList();
        var first = parameters[0];
        var candidates = ids.TryGetValue(first, out var own) ? own.ToList() : [];
        if (candidates.Count > 0)
        {
            var known = candidates[0];
            candidates.Add(known[..^1] + (char)(known[^1] + 1));
            candidates.Add(known[..^1] + (char)(known[^1] - 1));
        }
        foreach (var candidate in candidates)
        {
            var path = template.Replace("{" + first + "}", Uri.EscapeDataString(candidate), StringComparison.Ordinal);
            // A second parameter (a secret of a subscription) is A's too.
            foreach (var other in parameters.Skip(1))
            {
                path = path.Replace("{" + other + "}", Uri.EscapeDataString(ids.TryGetValue(other, out var more) ? more[0] : "x"), StringComparison.Ordinal);
            }
            yield return path;
        }
    }

    // A valid body for the operations that take one, so a 404 cannot come from a refused body.
    private static string? Body(string operation, Dictionary<string, List<string>> ids) => operation switch
    {
        "POST /payment-intents/{paymentIntentId}/amount" => """{"amount":{"value":100,"currencyCode":"GBP"}}""",
        "POST /payment-intents/{paymentIntentId}/tips-amount" => """{"tipsAmount":{"value":100,"currencyCode":"GBP"}}""",
        "POST /payment-intents/{paymentIntentId}/captures" => """{"amount":100}""",
        "POST /payment-intents/{paymentIntentId}/refunds" => """{"amount":100}""",
        "POST /payment-intents/{paymentIntentId}/receipt" => """{"emails":["till@example.com"]}""",
        "PUT /terminal-sessions/{terminalSessionId}/signature" => """{"accepted":true}""",
        "PATCH /webhooks/{subscriptionId}" => """{"events":["payment_intent.created"],"url":"https://127.0.0.1:9/other"}""",
        "POST /sandbox/payment-intents/{paymentIntentId}/card-payment" => """{"approved":true}""",
        "PATCH /sandbox/terminals/{terminalId}" => """{"name":"taken","offline":true}""",
        "POST /sandbox/terminals/{terminalId}/present-card" or "POST /sandbox/terminal-sessions/{terminalSessionId}/present-card" => """{"outcome":"Approve"}""",
        "POST /sandbox/terminals/{terminalId}/next-session" => """{"outcome":"Decline"}""",
        _ => null,
    };

    private static async Task<string> OkAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Parameter();
}
