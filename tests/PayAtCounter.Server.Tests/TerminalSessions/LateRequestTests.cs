using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.TerminalSessions;

/// <summary>
/// Requests that arrive after a deadline but before the scheduler has acted on it: the clock is moved
/// without running due work, so only the request path can get these right (rules 53, 59, A33, 13–14).
/// </summary>
public sealed class LateRequestTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public LateRequestTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AS09_a_reject_after_80_seconds_is_422_even_before_the_scheduler_ran()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("SIP0"), intentId))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");

        _app.Clock.Advance(TimeSpan.FromSeconds(81));
        var problem = await (await _client.SignAsync(sessionId, false)).ReadJsonAsync((HttpStatusCode)422);
        await _client.AdvanceClockAsync(TimeSpan.Zero);

        Assert.Contains("Captured", (string)problem["detail"]!);
        Assert.Equal("Captured", (string)(await _client.GetSessionAsync(sessionId))["status"]!);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task AS13_a_cancel_after_the_card_time_is_422_even_before_the_scheduler_ran()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;

        _app.Clock.Advance(TimeSpan.FromSeconds(6));
        await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync((HttpStatusCode)422);
        var final = (await _client.PollAsync(sessionId))[^1];

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.DoesNotContain("CancelRequested", final.Statuses());
    }

    [Fact]
    public async Task Rule53_a_cancel_long_after_the_whole_timeline_is_refused_with_the_outcome_not_a_conflict()
    {
        // Every step of the sale is due (more steps than a request's attempts at a conflict): catching up is
        // progress, so the request still answers with the session's real outcome.
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;

        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        var problem = await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync((HttpStatusCode)422);

        Assert.Contains("Captured", (string)problem["detail"]!);
        var session = await _client.GetSessionAsync(sessionId);
        Assert.Equal(["InitiateRequested", "Initiated", "Captured"], session.Statuses());
        Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], session.Notifications());
    }

    [Fact]
    public async Task Rule53_cancels_racing_the_scheduler_through_the_timeline_are_refused_with_the_outcome_not_a_conflict()
    {
        // The scheduler runs the same due steps as the cancels' catch-up; a step it commits first is progress for
        // the request too, not a conflict that uses up its attempts.
        var racing = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            var terminal = await (await _client.PostJsonAsync("/sandbox/terminals", $$"""{"tid":"VRACE{{i:00}}APP1"}""")).ReadJsonAsync(HttpStatusCode.OK);
            var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
            racing.Add((string)(await _client.StartSaleAsync((string)terminal["id"]!, intentId))["id"]!);
        }

        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        var cancels = racing.Select(id => _client.CancelSessionAsync(id)).ToList();
        await _client.AdvanceClockAsync(TimeSpan.Zero);   // runs the due steps alongside the cancels

        foreach (var cancel in cancels)
        {
            var problem = await (await cancel).ReadJsonAsync((HttpStatusCode)422);
            Assert.Contains("Captured", (string)problem["detail"]!);
        }
    }

    [Fact]
    public async Task Rule14_an_intent_is_not_voided_while_its_sale_is_in_progress()
    {
        var expireAt = _app.Clock.GetUtcNow().AddSeconds(5);
        var intentId = (string)(await _client.CreateIntentAsync(extraJson: $$""","expireAt":"{{expireAt:O}}" """))["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;

        var final = (await _client.PollAsync(sessionId))[^1];

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task Rule13_a_capture_after_the_auto_release_time_finds_the_intent_already_reversed()
    {
        var id = await _client.AuthorizedIntentAsync(1000, ""","autoExpireAction":"Release","autoExpireIn":"00:01:00" """);

        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await _client.PostJsonAsync($"/payment-intents/{id}/captures", """{"amount":1000}""")).ReadJsonAsync(HttpStatusCode.Conflict);

        Assert.Equal("Reversed", (string)(await _client.GetIntentAsync(id))["status"]!);
    }

    [Fact]
    public async Task The_sandbox_card_payment_refuses_an_intent_with_a_session_in_progress()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId);

        await (await _client.PostJsonAsync($"/sandbox/payment-intents/{intentId}/card-payment", "{}")).ReadJsonAsync(HttpStatusCode.BadRequest);
    }
}
