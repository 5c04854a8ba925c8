using System.Text.Json;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// Conflicting calls on one object sent at the same moment on separate connections: a cancel racing a card, two
/// refunds of the whole amount, an amount change during a session. Each must be answered without a 5xx, and what is
/// stored afterwards must still add up.
/// </summary>
public sealed class Races(ApiCalls api, IdPool ids)
{
    /// <summary>Runs race number <paramref name="round"/> (they take turns) and returns what went wrong.</summary>
    public async Task<List<string>> RunAsync(int round)
    {
        var pdq = ids.Terminals.FirstOrDefault(t => t.Tid.EndsWith("PDQ1", StringComparison.Ordinal));
        return (round % 3, pdq.Id) switch
        {
            (0, not null) => await CancelRacingACardAsync(pdq.Id),
            (2, not null) => await AmountChangeDuringASessionAsync(pdq.Id),
            _ => await TwoRefundsAsync(),
        };
    }

    private async Task<List<string>> CancelRacingACardAsync(string terminal)
    {
        var intent = await api.CreateIntentAsync(1234);
        var session = await StartSaleAsync(terminal, intent);
        if (session is null)
        {
            return [];
        }
        var answers = await Task.WhenAll(
            api.SendAsync("PUT", $"/terminal-sessions/{session}/cancel"),
            api.SendAsync("POST", $"/sandbox/terminals/{terminal}/present-card", """{"outcome":"Approve"}"""));
        var problems = Check("cancel racing a card", answers);
        problems.AddRange(await ConsistentAsync(intent));
        await SettleAsync(session);
        return problems;
    }

    private async Task<List<string>> TwoRefundsAsync()
    {
        var intent = await api.CreateIntentAsync(5000);
        await api.OkAsync("POST", $"/sandbox/payment-intents/{intent}/card-payment", """{"approved":true}""");
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            api.SendAsync("POST", $"/payment-intents/{intent}/refunds", """{"amount":5000}""", null, ("idempotencyKey", $"race-{intent}-{i}"))));
        var problems = Check("two refunds of the whole amount", answers);
        if (answers.Count(a => a.Response?.Status is >= 200 and < 300) > 1)
        {
            problems.Add($"two refunds of the whole amount of {intent} were both accepted");
        }
        problems.AddRange(await ConsistentAsync(intent));
        return problems;
    }

    private async Task<List<string>> AmountChangeDuringASessionAsync(string terminal)
    {
        var intent = await api.CreateIntentAsync(2500);
        var session = await StartSaleAsync(terminal, intent);
        if (session is null)
        {
            return [];
        }
        var answers = await Task.WhenAll(
            api.SendAsync("POST", $"/payment-intents/{intent}/amount", """{"amount":{"value":999,"currencyCode":"GBP"}}"""),
            api.SendAsync("POST", $"/sandbox/terminals/{terminal}/present-card", """{"outcome":"Approve"}"""));
        var problems = Check("an amount change during a session", answers);
        problems.AddRange(await ConsistentAsync(intent));
        await SettleAsync(session);
        return problems;
    }

    private async Task<string?> StartSaleAsync(string terminal, string intent)
    {
        var outcome = await api.SendAsync("POST", "/terminal-sessions", $$"""{"terminalId":"{{terminal}}","details":{"sessionType":"Sale","sale":{"paymentIntentId":"{{intent}}"} } }""");
        // The fuzzer may have left the terminal busy, offline or deleted: then there is nothing to race.
        return outcome.Response is { Status: 200 } response ? JsonDocument.Parse(response.Body).RootElement.GetProperty("id").GetString() : null;
    }

    // Leaves the terminal free for the next race: cancel whatever is still running.
    private Task SettleAsync(string session) => api.SendAsync("PUT", $"/terminal-sessions/{session}/cancel");

    private static List<string> Check(string race, RawOutcome[] answers)
    {
        var problems = new List<string>();
        foreach (var answer in answers)
        {
            if (answer.Failure is not null)
            {
                problems.Add($"{race}: {answer.Failure}");
            }
            else if (answer.Response!.Status >= 500)
            {
                problems.Add($"{race}: {answer.Response.Status} {answer.Response.Text}");
            }
        }
        return problems;
    }

    // What is stored still adds up: no more refunded than was paid.
    private async Task<List<string>> ConsistentAsync(string intent)
    {
        var read = await api.SendAsync("GET", $"/payment-intents/{intent}");
        if (read.Response is not { Status: 200 } response)
        {
            return [$"reading {intent} after a race: {read.Failure ?? read.Response!.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}"];
        }
        var body = JsonDocument.Parse(response.Body).RootElement;
        var refunded = body.GetProperty("refundedAmount").GetInt64();
        var total = body.GetProperty("totalAmount").GetProperty("value").GetInt64();
        return refunded > total ? [$"{intent} refunded {refunded} of {total}"] : [];
    }
}
