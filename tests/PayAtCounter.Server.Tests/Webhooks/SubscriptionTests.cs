using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Webhooks;

/// <summary>Contract §2.18–2.26, rule 68, A23, A24 and go-live row PI-09: subscriptions and secrets.</summary>
public sealed class SubscriptionTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public SubscriptionTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<JsonObject> SubscribeAsync(string url = "https://example.com/incoming-events", string events = """["payment_intent.created","payment_intent.status_updated"]""")
        => await (await _client.PostJsonAsync("/webhooks", $$"""{"events":{{events}},"url":"{{url}}","description":"Demo Webhooks"}""")).ReadJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task ContractA23_events_list_includes_status_updated()
    {
        var events = JsonNode.Parse(await (await _client.GetAsync("/webhooks/events")).Content.ReadAsStringAsync())!.AsArray();

        var paymentIntent = events.Single(e => (string)e!["model"]! == "PaymentIntent")!["events"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Equal(["payment_intent.created", "payment_intent.updated", "payment_intent.status_updated"], paymentIntent);
    }

    [Fact]
    public async Task Rule68_and_PI09_subscribe_then_list_shows_the_subscribed_events_with_one_active_secret()
    {
        var created = await SubscribeAsync();

        var list = JsonNode.Parse(await (await _client.GetAsync("/webhooks")).Content.ReadAsStringAsync())!.AsArray();

        Assert.StartsWith("ws_", (string)created["id"]!);
        var listed = Assert.Single(list)!;
        Assert.Equal(["payment_intent.created", "payment_intent.status_updated"], listed["events"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("Demo Webhooks", (string)listed["description"]!);
        var secret = Assert.Single(listed["secrets"]!.AsArray())!;
        Assert.True((bool)secret["isActive"]!);
        Assert.StartsWith("sc_", (string)secret["id"]!);
    }

    [Theory]
    [InlineData("""{"events":["payment_intent.created"],"url":"http://example.com/hook"}""", "Url")]
    [InlineData("""{"events":["payment_intent.created"],"url":"not a url"}""", "Url")]
    [InlineData("""{"events":["payment_intent.paid"],"url":"https://example.com/hook"}""", "Events")]
    [InlineData("""{"events":[],"url":"https://example.com/hook"}""", "Events")]
    [InlineData("""{"url":"https://example.com/hook"}""", "Events")]
    [InlineData("""{"events":["payment_intent.created"]}""", "Url")]
    public async Task Bad_subscriptions_are_400_in_the_error_response_shape(string json, string field)
    {
        var problem = await (await _client.PostJsonAsync("/webhooks", json)).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Fact]
    public async Task A_second_subscription_to_the_same_url_is_409()
    {
        await SubscribeAsync();

        await (await _client.PostJsonAsync("/webhooks", """{"events":["payment_intent.created"],"url":"https://example.com/incoming-events"}""")).ReadJsonAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Updating_a_subscription_to_another_ones_url_is_409()
    {
        await SubscribeAsync();
        var other = (string)(await SubscribeAsync("https://example.com/other"))["id"]!;

        await (await _client.PatchAsync($"/webhooks/{other}", new StringContent("""{"url":"https://example.com/incoming-events"}""", Encoding.UTF8, "application/json"))).ReadJsonAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Http_on_loopback_is_accepted_for_local_development()
    {
        // Dojo's schema only allows https URLs in responses, so this one is checked without the schema handler,
        // against the schema with that one pattern set aside.
        var plain = _app.CreateClient();
        plain.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + PayAtCounterApp.SandboxKey);
        plain.DefaultRequestHeaders.Add("version", "2025-09-10");

        var response = await plain.PostJsonAsync("/webhooks", """{"events":["payment_intent.created"],"url":"http://localhost:4242/hooks"}""");
        var body = await response.Content.ReadAsStringAsync();
        var listed = await (await plain.GetAsync("/webhooks")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:4242/hooks", (string)JsonNode.Parse(body)!["url"]!);
        var errors = (await DojoSpec.GetAsync()).Validate("POST", "/webhooks", 200, body)!;
        Assert.All(errors, e => Assert.Contains("url", e, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(JsonNode.Parse(listed)!.AsArray(), s => (string)s!["url"]! == "http://localhost:4242/hooks");
    }

    [Fact]
    public async Task Update_changes_only_the_fields_sent_and_delete_removes()
    {
        var id = (string)(await SubscribeAsync())["id"]!;

        var updated = await (await _client.PatchAsync($"/webhooks/{id}", new StringContent("""{"events":["payment_intent.created","order.created"]}""", Encoding.UTF8, "application/json"))).ReadJsonAsync(HttpStatusCode.OK);
        var deleted = await _client.DeleteAsync($"/webhooks/{id}");

        Assert.Equal(["payment_intent.created", "order.created"], updated["events"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("https://example.com/incoming-events", (string)updated["url"]!);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await _client.DeleteAsync($"/webhooks/{id}")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/webhooks/{id}/secrets")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ContractA24_generate_adds_an_inactive_secret_up_to_two_and_activate_switches()
    {
        var id = (string)(await SubscribeAsync())["id"]!;

        var generated = await (await _client.PostAsync($"/webhooks/{id}/secrets", null)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PostAsync($"/webhooks/{id}/secrets", null)).ReadJsonAsync(HttpStatusCode.Conflict);
        var secrets = generated["secrets"]!.AsArray();
        var newId = (string)secrets.Single(s => !(bool)s!["isActive"]!)!["id"]!;
        var oldId = (string)secrets.Single(s => (bool)s!["isActive"]!)!["id"]!;
        var activated = await _client.PutAsync($"/webhooks/{id}/secrets/{newId}/activate", null);
        var deleteActive = await (await _client.DeleteAsync($"/webhooks/{id}/secrets/{newId}")).ReadJsonAsync(HttpStatusCode.Conflict);
        var deleteOld = await _client.DeleteAsync($"/webhooks/{id}/secrets/{oldId}");
        var after = await (await _client.GetAsync($"/webhooks/{id}/secrets")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, secrets.Count);
        Assert.Equal(id, (string)generated["id"]!);
        Assert.Equal(HttpStatusCode.NoContent, activated.StatusCode);
        Assert.NotNull(deleteActive["title"]);
        Assert.Equal(HttpStatusCode.NoContent, deleteOld.StatusCode);
        Assert.Equal(newId, (string)Assert.Single(after["secrets"]!.AsArray())!["id"]!);
        await (await _client.PutAsync($"/webhooks/{id}/secrets/sc_missing/activate", null)).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Webhooks_answer_401_in_their_error_shape_and_other_accounts_see_nothing()
    {
        var id = (string)(await SubscribeAsync())["id"]!;

        await (await _app.CreateDojoClient("sk_sandbox_bad").GetAsync("/webhooks")).ReadJsonAsync(HttpStatusCode.Unauthorized);
        var theirs = JsonNode.Parse(await (await _app.CreateDojoClient(PayAtCounterApp.OtherKey).GetAsync("/webhooks")).Content.ReadAsStringAsync())!.AsArray();
        await (await _app.CreateDojoClient(PayAtCounterApp.OtherKey).DeleteAsync($"/webhooks/{id}")).ReadJsonAsync(HttpStatusCode.NotFound);

        Assert.Empty(theirs);
    }
}
