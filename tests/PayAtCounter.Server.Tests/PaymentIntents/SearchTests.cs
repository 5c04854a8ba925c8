using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.PaymentIntents;

/// <summary>Contract rule 18 and go-live row PI-06: search with filters and cursor paging.</summary>
public sealed class SearchTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public SearchTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<List<string>> CreateManyAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((string)(await _client.CreateIntentAsync(100 + i))["id"]!);
            // Distinct creation times make newest-first order observable on the frozen clock.
            await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        }
        return ids;
    }

    private async Task<JsonObject> SearchAsync(string json)
        => await (await _client.PostJsonAsync("/payment-intents/search", json)).ReadJsonAsync(HttpStatusCode.OK);

    private static List<string> Ids(JsonObject page) => page["data"]!.AsArray().Select(i => (string)i!["id"]!).ToList();

    [Fact]
    public async Task Rule18_and_PI06_default_page_is_50_newest_first()
    {
        var ids = await CreateManyAsync(55);

        var page = await SearchAsync("{}");

        Assert.Equal(50, Ids(page).Count);
        Assert.Equal(ids[^1], Ids(page)[0]);
        Assert.NotNull(page["after"]);
    }

    [Fact]
    public async Task Rule18_after_and_before_cursors_walk_every_intent_once()
    {
        var ids = await CreateManyAsync(7);
        var seen = new List<string>();
        string? after = null;
        var pages = new List<JsonObject>();

        do
        {
            var cursor = after is null ? """{"limit":3}""" : $$"""{"limit":3,"after":"{{after}}"}""";
            var page = await SearchAsync($$"""{"cursor":{{cursor}}}""");
            pages.Add(page);
            seen.AddRange(Ids(page));
            after = (string?)page["after"];
        }
        while (after is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.Equal([3, 3, 1], pages.Select(p => Ids(p).Count));
        Assert.Null(pages[0]["before"]);
        var back = await SearchAsync($$$"""{"cursor":{"limit":3,"before":"{{{pages[1]["before"]}}}"}}""");
        Assert.Equal(Ids(pages[0]), Ids(back));
    }

    [Fact]
    public async Task Rule18_status_and_date_filters()
    {
        var ids = await CreateManyAsync(3);
        await _client.PayAsync(ids[0]);
        var middle = await _client.GetIntentAsync(ids[1]);

        var captured = await SearchAsync("""{"statuses":["Captured"]}""");
        var createdOrCaptured = await SearchAsync("""{"statuses":["Created","Captured"]}""");
        var fromMiddle = await SearchAsync($$"""{"startDate":"{{middle["createdAt"]}}","endDate":"{{middle["createdAt"]}}"}""");

        Assert.Equal([ids[0]], Ids(captured));
        Assert.Equal(3, Ids(createdOrCaptured).Count);
        Assert.Equal([ids[1]], Ids(fromMiddle));
    }

    [Fact]
    public async Task ContractA40_canceled_intents_are_searchable()
    {
        var ids = await CreateManyAsync(2);
        await _client.DeleteAsync($"/payment-intents/{ids[0]}");

        Assert.Equal([ids[0]], Ids(await SearchAsync("""{"statuses":["Canceled"]}""")));
        Assert.Equal(2, Ids(await SearchAsync("{}")).Count);
    }

    [Theory]
    [InlineData("""{"cursor":{"limit":0}}""", "Cursor.Limit")]
    [InlineData("""{"cursor":{"limit":101}}""", "Cursor.Limit")]
    [InlineData("""{"cursor":{"before":"a","after":"b"}}""", "Cursor")]
    [InlineData("""{"cursor":{"after":"not-a-cursor!"}}""", "Cursor.After")]
    [InlineData("""{"startDate":"2024-02-02T00:00:00Z","endDate":"2024-01-01T00:00:00Z"}""", "StartDate")]
    [InlineData("""{"statuses":["Paid"]}""", "Statuses[0]")]
    public async Task Rule18_invalid_searches_are_400(string json, string field)
    {
        var problem = await (await _client.PostJsonAsync("/payment-intents/search", json)).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors(field));
    }
}
