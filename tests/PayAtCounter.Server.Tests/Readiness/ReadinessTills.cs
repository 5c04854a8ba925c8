using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Readiness;

/// <summary>The scripts of the two tills the inspector's tests grade.</summary>
public static class ReadinessTills
{
    /// <summary>Settings for grading: every request recorded, whatever the test's pace.</summary>
    public static Dictionary<string, string?> Settings => new() { ["Readiness:MaxRecordsPerSecond"] = "1000000" };

    /// <summary>A till that does every flow of the checklist, as Dojo asks: polls once a second, reads the intent
    /// after each session, retries a decline on the same intent, refunds, answers and misses signatures, cancels.</summary>
    public static async Task RunGoodTillAsync(ScriptedTill till)
    {
        var http = till.Http;
        await till.WrongKeyAsync();
        await till.TerminalAsync("APP1");

        // Payment intents.
        await till.SaleAsync("APP1", await till.NewOrderAsync());
        var manual = await till.NewOrderAsync(2000, "Manual");
        await till.SaleAsync("APP1", manual);
        await (await http.PostJsonAsync($"/payment-intents/{manual}/amount", """{"amount":{"value":3000,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await http.PostJsonAsync($"/payment-intents/{manual}/captures", """{"amount":3000}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await http.PostJsonAsync($"/payment-intents/{manual}/amount", """{"amount":{"value":3500,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        await (await http.PostJsonAsync("/payment-intents/pi_sandbox_no_such_intent/amount", """{"amount":{"value":3500,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.NotFound);
        var unpaid = await till.NewOrderAsync();
        await (await http.PostJsonAsync($"/payment-intents/{unpaid}/amount", """{"amount":{"value":0,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        await (await http.DeleteAsync($"/payment-intents/{unpaid}")).ReadJsonAsync(HttpStatusCode.OK);
        await (await http.PostJsonAsync("/payment-intents/search", "{}")).ReadJsonAsync(HttpStatusCode.OK);
        await till.SaleAsync("APP1", await till.NewOrderAsync(extraJson: ""","cardHolderNotPresent":true"""));
        await till.SaleAsync("APP1", await till.NewOrderAsync(1800, extraJson: """
            ,"itemLines":[{"id":"1","name":"Coffee","quantity":2,"amountTotal":{"value":800,"currencyCode":"GBP"}},
              {"id":"2","name":"Cake","quantity":1,"amountTotal":{"value":1000,"currencyCode":"GBP"},
               "modifiers":[{"id":"d1","name":"Staff discount","quantity":1,"amountPerModifier":{"value":-200,"currencyCode":"GBP"}}]}]
            """));
        await (await http.PostJsonAsync("/webhooks", """{"events":["payment_intent.status_updated"],"url":"https://127.0.0.1:9/hooks"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await http.GetAsync("/webhooks");

        // Refunds through the API, each confirmed by reading the intent.
        var paid = await till.PaidOrderAsync(1000);
        await (await http.PostJsonAsync($"/payment-intents/{paid}/refunds", """{"amount":400,"refundReason":"Damaged"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await http.GetIntentAsync(paid);
        await (await http.PostJsonAsync($"/payment-intents/{paid}/refunds", """{"amount":600,"refundReason":"Returned"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await http.GetIntentAsync(paid);

        // Auto sales.
        await till.SaleAsync("APP1", await till.NewOrderAsync(extraJson: ""","cashbackAmount":{"value":500,"currencyCode":"GBP"}"""));
        await till.SaleAsync("APP1", await till.NewOrderAsync(extraJson: ""","tipsAmount":{"value":200,"currencyCode":"GBP"}"""));
        await till.SaleAsync("PDQ1", await till.NewOrderAsync(), atCounter: till.PresentCard("PDQ1", "Contactless"));
        await till.SaleAsync("SIP0", await till.NewOrderAsync(), signature: true);
        await till.SaleAsync("SIP0", await till.NewOrderAsync(), signature: null);
        await till.DeclineThenRetryAsync("Auto");
        await till.SaleAsync("SIP0", await till.NewOrderAsync(), signature: false);
        var late = await till.StartAsync("SIP0", SessionHttp.SaleDetails(await till.NewOrderAsync()));
        await till.PollToEndAsync(late);
        Assert.Equal((HttpStatusCode)422, (await http.SignAsync(late, accepted: false)).StatusCode);
        await http.GetSessionAsync(late);
        var pdq = await till.TerminalAsync("PDQ1");
        (await till.Sandbox.PatchAsync($"/sandbox/terminals/{pdq}", new StringContent("""{"busyInMenu":true}""", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostSessionAsync(pdq, SessionHttp.SaleDetails(await till.NewOrderAsync()))).StatusCode);
        (await till.Sandbox.PatchAsync($"/sandbox/terminals/{pdq}", new StringContent("""{"busyInMenu":false}""", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await till.SaleAsync("PDQ1", await till.NewOrderAsync(), atCounter: till.PressX("PDQ1"));
        var canceled = await till.StartAsync("APP1", SessionHttp.SaleDetails(await till.NewOrderAsync()));
        await (await http.CancelSessionAsync(canceled)).ReadJsonAsync(HttpStatusCode.OK);
        await till.PollToEndAsync(canceled);
        var tooLate = await till.StartAsync("APP1", SessionHttp.SaleDetails(await till.NewOrderAsync()));
        for (var second = 0; second < 6; second++)
        {
            await http.GetSessionAsync(tooLate);
            await till.WaitAsync(TimeSpan.FromSeconds(1));
        }
        Assert.Equal((HttpStatusCode)422, (await http.CancelSessionAsync(tooLate)).StatusCode);
        await till.PollToEndAsync(tooLate);
        var expiring = await till.NewOrderAsync();
        await till.SaleAsync("TIP0", expiring);
        await till.SaleAsync("APP1", expiring);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostSessionAsync(await till.TerminalAsync("OFF1"), SessionHttp.SaleDetails(await till.NewOrderAsync()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostJsonAsync("/payment-intents", """{"amount":{"value":100,"currencyCode":"GBP"}}""")).StatusCode);

        // Manual pre-authorizations.
        await till.SaleAsync("PDQ1", await till.NewOrderAsync(1000, "Manual"), atCounter: till.PresentCard("PDQ1", "Contactless", "VISA"));
        await till.SaleAsync("PDQ1", await till.NewOrderAsync(1000, "Manual"), atCounter: till.PresentCard("PDQ1", "Contactless", "MASTERCARD"));
        await till.DeclineThenRetryAsync("Manual");

        // Refunds on a terminal.
        await till.PollToEndAsync(await till.StartAsync("APP1", SessionHttp.UnlinkedRefundDetails(500)));
        await till.PollToEndAsync(await till.StartAsync("DIP0", SessionHttp.UnlinkedRefundDetails(500)));
        await till.PollToEndAsync(await till.StartAsync("TIP0", SessionHttp.UnlinkedRefundDetails(500)));
        await till.PollToEndAsync(await till.StartAsync("PDQ1", SessionHttp.UnlinkedRefundDetails(500)), atCounter: till.PressX("PDQ1"));
        await till.PollToEndAsync(await till.StartAsync("SIS0", SessionHttp.UnlinkedRefundDetails(500)), signature: true);
        await till.PollToEndAsync(await till.StartAsync("SIS0", SessionHttp.UnlinkedRefundDetails(500)), signature: false);
        var matched = await till.PaidOrderAsync(1200);
        await till.PollToEndAsync(await till.StartAsync("DIP0", SessionHttp.MatchedRefundDetails(matched)));
        await till.PollToEndAsync(await till.StartAsync("TIP0", SessionHttp.MatchedRefundDetails(matched)));
        await till.PollToEndAsync(await till.StartAsync("PDQ1", SessionHttp.MatchedRefundDetails(matched)), atCounter: till.PressX("PDQ1"));
        await till.PollToEndAsync(await till.StartAsync("SIS0", SessionHttp.MatchedRefundDetails(matched)), signature: false);
        await till.PollToEndAsync(await till.StartAsync("APP1", SessionHttp.MatchedRefundDetails(matched)));
        await till.PollToEndAsync(await till.StartAsync("SIS0", SessionHttp.MatchedRefundDetails(await till.PaidOrderAsync(700))), signature: true);
    }

    /// <summary>A careless till: polls ten times a second, never refunds, makes a new intent after a decline, never reads an intent after its session.</summary>
    public static async Task RunCarelessTillAsync(ScriptedTill till)
    {
        await till.SaleAsync("APP1", await till.NewOrderAsync());
        await till.DeclineThenRetryAsync("Auto");
    }

    /// <summary>
    /// A till that stops reading too soon: polls every 5 s, makes a new intent after a declined pre-authorization,
    /// subscribes without listing, refunds without reading the intent, gives up on a session after its cancel is
    /// refused, and never polls a refund it started. Each habit fails the row that asks for the read it skipped.
    /// </summary>
    public static async Task RunStopsReadingTillAsync(ScriptedTill till)
    {
        var http = till.Http;
        await till.SaleAsync("SIP0", await till.NewOrderAsync(), signature: null);
        await till.DeclineThenRetryAsync("Manual");
        await (await http.PostJsonAsync("/webhooks", """{"events":["payment_intent.status_updated"],"url":"https://127.0.0.1:9/hooks"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var paid = await till.PaidOrderAsync(1000);
        await (await http.PostJsonAsync($"/payment-intents/{paid}/refunds", """{"amount":1000,"refundReason":"Returned"}""")).ReadJsonAsync(HttpStatusCode.OK);

        var abandoned = await till.StartAsync("APP1", SessionHttp.SaleDetails(await till.NewOrderAsync()));
        await till.WaitAsync(TimeSpan.FromSeconds(6));
        Assert.Equal((HttpStatusCode)422, (await http.CancelSessionAsync(abandoned)).StatusCode);
        await till.WaitAsync(TimeSpan.FromSeconds(60));   // the terminal finishes the sale nobody polls any more
        await till.StartAsync("APP1", SessionHttp.MatchedRefundDetails(await till.PaidOrderAsync(1200)));
        await till.StartAsync("DIP0", SessionHttp.UnlinkedRefundDetails(500));
        await till.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>What the good till gets for each row: shown by the traffic, or left to a person where only a display is asked for.</summary>
    public static readonly IReadOnlyDictionary<string, string> GoodVerdicts = Verdicts(
        passed: "CFG-03 CFG-04 CFG-05 PI-01 PI-02 PI-03 PI-04 PI-05 PI-06 PI-07 PI-09 RF-01 RF-02 AS-01 AS-02 AS-03 AS-04 AS-05 AS-06 AS-07 AS-08 AS-09 AS-11 AS-12 AS-13 AS-15 "
            + "MP-01 MP-02 MP-03 MP-04 MP-05 TR-01 TR-02 TR-04 TR-05 TR-06 TR-07 TR-08 TR-10 TR-11 TR-12 ERR-04 REFUND",
        confirmByHand: "CFG-01 CFG-02 PI-08 AS-10 AS-14 AS-16 MP-06 MP-07 MP-08 TR-03 TR-09 ERR-01 ERR-02 ERR-03");

    /// <summary>What the careless till gets: failed where its habits show, not exercised where it did nothing.</summary>
    public static readonly IReadOnlyDictionary<string, string> CarelessVerdicts = Verdicts(
        passed: "CFG-03 CFG-04 PI-01 AS-01",
        confirmByHand: "CFG-01",
        failed: "PI-03 AS-07 AS-15 REFUND");

    /// <summary>What the till that stops reading gets: failed on each read it skipped.</summary>
    public static readonly IReadOnlyDictionary<string, string> StopsReadingVerdicts = Verdicts(
        passed: "CFG-03 CFG-04 PI-01 PI-02 AS-01 AS-06 MP-01 REFUND",
        confirmByHand: "CFG-01",
        failed: "PI-03 PI-09 RF-01 AS-13 AS-15 MP-04 TR-02 TR-07 ERR-04");

    private static Dictionary<string, string> Verdicts(string passed, string confirmByHand, string failed = "")
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ids, verdict) in new[] { (passed, "Passed"), (confirmByHand, "ConfirmByHand"), (failed, "Failed") })
        {
            foreach (var id in ids.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                all[id] = verdict;
            }
        }
        return all;
    }
}
