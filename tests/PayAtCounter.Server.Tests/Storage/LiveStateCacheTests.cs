using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// The scheduler works from cached states of live sessions' rows; a row changed by anything else must still
/// be read fresh and must never be overwritten with an older copy.
/// </summary>
public sealed class LiveStateCacheTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void A_state_is_found_only_at_the_version_it_was_remembered_at()
    {
        var states = new VersionedStates<string>();
        states.Remember("tm_1", 3, "three");

        Assert.Equal("three", states.Find("tm_1", 3));
        Assert.Null(states.Find("tm_1", 4));
        Assert.Null(states.Find("tm_2", 3));

        states.Forget("tm_1");
        Assert.Null(states.Find("tm_1", 3));
    }

    [Fact]
    public void A_full_cache_starts_again_empty_and_keeps_the_newest_entry()
    {
        var cache = new BoundedCache<string, int>(capacity: 3);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.Set("c", 3);
        cache.Set("c", 30);   // a replacement does not count towards the bound
        Assert.True(cache.TryGet("a", out _));

        cache.Set("d", 4);

        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("d", out var d) && d == 4);
        cache.Remove("d");
        Assert.False(cache.TryGet("d", out _));
    }

    [Fact]
    public async Task A_terminal_renamed_mid_session_keeps_its_name_when_the_scheduler_finishes_the_session()
    {
        var client = _app.CreateDojoClient();
        var terminalId = await client.TerminalIdAsync("APP1");
        var intentId = (string)(await client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await client.StartSaleAsync(terminalId, intentId))["id"]!;
        await client.AdvanceClockAsync(TimeSpan.FromSeconds(2));   // a step or two run from the states cached at creation

        var renamed = await client.PatchAsync($"/sandbox/terminals/{terminalId}", new StringContent("""{"name":"Till 7"}""", Encoding.UTF8, "application/json"));
        var final = (await client.PollAsync(sessionId))[^1];
        var terminals = JsonNode.Parse(await (await client.GetAsync("/sandbox/terminals")).Content.ReadAsStringAsync())!.AsArray();
        var terminal = terminals.Single(t => (string)t!["id"]! == terminalId)!;

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal("Till 7", (string)terminal["name"]!);
        Assert.Equal("Available", (string)terminal["status"]!);   // the finished session released it
    }
}
