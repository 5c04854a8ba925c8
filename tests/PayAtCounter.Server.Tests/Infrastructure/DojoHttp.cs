using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>Small helpers for talking to the API with raw JSON, as the guides' curl examples do.</summary>
public static class DojoHttp
{
    /// <summary>POSTs a raw JSON body.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json)
        => client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>POSTs a refund of <paramref name="amount"/> with an <c>IdempotencyKey</c> header.</summary>
    public static Task<HttpResponseMessage> RefundAsync(this HttpClient client, string paymentIntentId, long amount, string idempotencyKey)
        => client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/payment-intents/{paymentIntentId}/refunds")
        {
            Content = new StringContent($$"""{"amount":{{amount}}}""", Encoding.UTF8, "application/json"),
            Headers = { { "IdempotencyKey", idempotencyKey } },
        });

    /// <summary>Asserts the status and returns the body as a JSON object.</summary>
    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Creates a payment intent and returns it.</summary>
    public static async Task<JsonObject> CreateIntentAsync(this HttpClient client, long amount = 1000, string captureMode = "Auto", string extraJson = "")
    {
        var json = $$"""{"amount":{"value":{{amount}},"currencyCode":"GBP"},"reference":"Order 234","description":"Demo payment intent","captureMode":"{{captureMode}}"{{extraJson}}}""";
        return await (await client.PostJsonAsync("/payment-intents", json)).ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Pays an intent with the sandbox test card: Auto → Captured, Manual → Authorized.</summary>
    public static async Task<JsonObject> PayAsync(this HttpClient client, string id, string entryMode = "ContactChip", bool approved = true)
        => await (await client.PostJsonAsync($"/sandbox/payment-intents/{id}/card-payment", $$"""{"entryMode":"{{entryMode}}","approved":{{(approved ? "true" : "false")}}}"""))
            .ReadJsonAsync(HttpStatusCode.OK);

    /// <summary>An Auto intent that has been paid and captured.</summary>
    public static async Task<string> CapturedIntentAsync(this HttpClient client, long amount = 1000)
    {
        var id = (string)(await client.CreateIntentAsync(amount))["id"]!;
        await client.PayAsync(id);
        return id;
    }

    /// <summary>A Manual intent that has been paid and authorized.</summary>
    public static async Task<string> AuthorizedIntentAsync(this HttpClient client, long amount = 1000, string extraJson = "")
    {
        var id = (string)(await client.CreateIntentAsync(amount, "Manual", extraJson))["id"]!;
        await client.PayAsync(id);
        return id;
    }

    /// <summary>GETs an intent.</summary>
    public static async Task<JsonObject> GetIntentAsync(this HttpClient client, string id, bool returnCanceled = false)
        => await (await client.GetAsync($"/payment-intents/{id}" + (returnCanceled ? "?returnCanceled=true" : ""))).ReadJsonAsync(HttpStatusCode.OK);

    /// <summary>Moves the sandbox clock and runs what became due.</summary>
    public static async Task AdvanceClockAsync(this HttpClient client, TimeSpan by)
        => await (await client.PostJsonAsync("/sandbox/clock/advance", $$"""{"duration":"{{by:c}}"}""")).ReadJsonAsync(HttpStatusCode.OK);

    /// <summary>The error's field messages for <paramref name="field"/>.</summary>
    public static string[] FieldErrors(this JsonObject problem, string field)
        => problem["errors"]?[field]?.AsArray().Select(n => (string)n!).ToArray() ?? [];
}
