using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Terminals;

/// <summary>Contract §7.5 rules 33–35, rule 4, go-live CFG-03 and ERR-03: terminals.</summary>
public sealed class TerminalsTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public TerminalsTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<JsonArray> ListAsync(string query = "")
        => JsonNode.Parse(await (await _client.GetAsync("/terminals" + query)).Content.ReadAsStringAsync())!.AsArray();

    [Fact]
    public async Task CFG03_a_new_sandbox_account_has_ready_terminals_for_every_behaviour()
    {
        var tids = (await ListAsync()).Select(t => (string)t!["properties"]!["tid"]!).ToList();

        foreach (var suffix in new[] { "SIP0", "DIP0", "TIP0", "SIS0" })
        {
            Assert.Contains(tids, tid => tid.EndsWith(suffix, StringComparison.Ordinal));
        }
        Assert.Contains(await ListAsync(), t => (string)t!["status"]! == "Offline");
        Assert.All(await ListAsync(), t => Assert.StartsWith("tm_sandbox_", (string)t!["id"]!));
    }

    [Fact]
    public async Task Rule33_no_filter_lists_all_and_statuses_filters_in_either_query_form()
    {
        var all = await ListAsync();
        var available = await ListAsync("?statuses=Available");
        var both = await ListAsync("?statuses=Available&statuses=Offline");
        var comma = await ListAsync("?statuses=available,offline");

        Assert.All(available, t => Assert.Equal("Available", (string)t!["status"]!));
        Assert.Equal(all.Count - 1, available.Count);
        Assert.Equal(all.Count, both.Count);
        Assert.Equal(all.Count, comma.Count);
    }

    [Fact]
    public async Task Rule33_an_unknown_status_is_400_in_the_terminals_error_shape()
    {
        var problem = await (await _client.GetAsync("/terminals?statuses=Broken")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("INVALID_REQUEST", (string)problem["code"]!);
        Assert.NotEmpty(problem.FieldErrors("statuses"));
    }

    [Fact]
    public async Task A_terminal_by_id_and_an_unknown_one_is_404_with_code()
    {
        var id = await _client.TerminalIdAsync("SIP0");

        var terminal = await (await _client.GetAsync($"/terminals/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        var missing = await (await _client.GetAsync("/terminals/tm_sandbox_000000000000000000000000")).ReadJsonAsync(HttpStatusCode.NotFound);

        Assert.EndsWith("SIP0", (string)terminal["properties"]!["tid"]!);
        Assert.Equal("INVALID_REQUEST", (string)missing["code"]!);
        Assert.NotNull(missing["errors"]);
    }

    [Fact]
    public async Task Rule04_software_house_id_is_required_and_reseller_id_is_optional()
    {
        var noSoftwareHouse = _app.CreateDojoClient();
        noSoftwareHouse.DefaultRequestHeaders.Remove("software-house-id");
        var noReseller = _app.CreateDojoClient();
        noReseller.DefaultRequestHeaders.Remove("reseller-id");

        var problem = await (await noSoftwareHouse.GetAsync("/terminals")).ReadJsonAsync(HttpStatusCode.BadRequest);
        var session = await (await noSoftwareHouse.GetAsync("/terminal-sessions/ts_1")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("software-house-id"));
        Assert.NotEmpty(session.FieldErrors("software-house-id"));
        Assert.Equal(HttpStatusCode.OK, (await noReseller.GetAsync("/terminals")).StatusCode);
    }

    [Fact]
    public async Task Rule01_terminals_answer_401_in_their_own_error_shape()
    {
        var problem = await (await _app.CreateDojoClient("sk_sandbox_nope").GetAsync("/terminals")).ReadJsonAsync(HttpStatusCode.Unauthorized);

        // The Error shape of /terminals: a code, and errors always present (empty here), besides the usual keys.
        Assert.Equal("INVALID_REQUEST", (string)problem["code"]!);
        Assert.Empty(problem["errors"]!.AsObject());
        Assert.Equal(401, (int)problem["status"]!);
        Assert.Equal("Unauthorized", (string)problem["title"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]));
    }

    [Fact]
    public async Task Terminals_of_another_account_are_invisible()
    {
        var mine = await _client.TerminalIdAsync("SIP0");

        await (await _app.CreateDojoClient(PayAtCounterApp.OtherKey).GetAsync($"/terminals/{mine}")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sandbox_api_adds_renames_changes_status_and_removes_terminals()
    {
        var added = await (await _client.PostJsonAsync("/sandbox/terminals", """{"tid":"VBAR0001","name":"Bar"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var id = (string)added["id"]!;

        var renamed = await (await _client.PatchAsync($"/sandbox/terminals/{id}", new StringContent("""{"tid":"VBAR0002DIP0","offline":true}""", System.Text.Encoding.UTF8, "application/json"))).ReadJsonAsync(HttpStatusCode.OK);
        var terminal = await (await _client.GetAsync($"/terminals/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        var removed = await _client.DeleteAsync($"/sandbox/terminals/{id}");

        Assert.Equal("VBAR0002DIP0", (string)renamed["tid"]!);
        Assert.Equal("Offline", (string)terminal["status"]!);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await (await _client.GetAsync($"/terminals/{id}")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tid_another_terminal_of_the_account_has_is_refused_with_a_field_error()
    {
        var taken = await _client.PostJsonAsync("/sandbox/terminals", """{"tid":"VCMPYC8APP1"}""");
        var added = await (await _client.PostJsonAsync("/sandbox/terminals", """{"tid":"VBAR0003"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var renamedOnto = await _client.PatchAsync($"/sandbox/terminals/{added["id"]}", new StringContent("""{"tid":"VCMPYC8APP1"}""", System.Text.Encoding.UTF8, "application/json"));
        var renamedToItself = await _client.PatchAsync($"/sandbox/terminals/{added["id"]}", new StringContent("""{"tid":"VBAR0003","name":"Bar"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains("VCMPYC8APP1", (await taken.ReadJsonAsync(HttpStatusCode.BadRequest)).FieldErrors("Tid")[0]);
        Assert.NotEmpty((await renamedOnto.ReadJsonAsync(HttpStatusCode.BadRequest)).FieldErrors("Tid"));
        Assert.Equal(HttpStatusCode.OK, renamedToItself.StatusCode);
        var terminals = System.Text.Json.Nodes.JsonNode.Parse(await (await _client.GetAsync("/terminals")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Single(terminals, t => (string)t!["properties"]!["tid"]! == "VCMPYC8APP1");
    }

    [Fact]
    public async Task Every_change_of_a_terminal_moves_its_updatedAt_and_no_change_leaves_it()
    {
        var id = await _client.TerminalIdAsync("APP1");
        var before = (DateTimeOffset)(await (await _client.GetAsync($"/terminals/{id}")).ReadJsonAsync(HttpStatusCode.OK))["updatedAt"]!;
        await _client.AdvanceClockAsync(TimeSpan.FromMinutes(1));

        var renamed = await (await _client.PatchAsync($"/sandbox/terminals/{id}", new StringContent("""{"name":"Front till"}""", System.Text.Encoding.UTF8, "application/json"))).ReadJsonAsync(HttpStatusCode.OK);
        await _client.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var unchanged = await (await _client.PatchAsync($"/sandbox/terminals/{id}", new StringContent("""{"name":"Front till"}""", System.Text.Encoding.UTF8, "application/json"))).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(before.AddMinutes(1), (DateTimeOffset)renamed["updatedAt"]!);
        Assert.Equal(before.AddMinutes(1), (DateTimeOffset)unchanged["updatedAt"]!);
    }

    [Fact]
    public async Task A_tid_sent_where_a_terminal_id_belongs_is_404_saying_ids_start_with_tm()
    {
        var problem = await (await _client.GetAsync("/terminals/VCMPYC8APP1")).ReadJsonAsync(HttpStatusCode.NotFound);
        var session = await (await _client.PostSessionAsync("VCMPYC8APP1", SessionHttp.UnlinkedRefundDetails(100))).ReadJsonAsync(HttpStatusCode.NotFound);

        Assert.Contains("start with tm_", (string)problem["detail"]!);
        Assert.Contains("start with tm_", (string)session["detail"]!);
    }

    [Fact]
    public async Task Configured_terminals_replace_the_built_in_set()
    {
        using var app = new PayAtCounterApp(settings: new Dictionary<string, string?>
        {
            ["Sandbox:Terminals:0:Tid"] = "SHOP0001",
            ["Sandbox:Terminals:1:Tid"] = "SHOP0002SIP0",
            ["Sandbox:Terminals:1:Offline"] = "true",
        });

        var terminals = JsonNode.Parse(await (await app.CreateDojoClient().GetAsync("/terminals")).Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(["SHOP0001", "SHOP0002SIP0"], terminals.Select(t => (string)t!["properties"]!["tid"]!));
        Assert.Equal("Offline", (string)terminals[1]!["status"]!);
    }
}
