#region usings
using PayAtCounter.Client;
using PayAtCounter.Contracts;
#endregion

namespace ReadmeExamples;

/// <summary>The README's SDK walkthrough, as methods a test can run against the in-process sandbox.</summary>
public static class SdkExamples
{
    /// <summary>A client for a server started with <c>dotnet run</c>.</summary>
    public static DojoClient Connect(string apiKey)
    {
        #region connect
        var dojo = new DojoClient(apiKey, new DojoClientOptions
        {
            BaseUri = new Uri("http://localhost:5080"),   // https://api.dojo.tech for Dojo itself
            SoftwareHouseId = "softwareHouse1",
            ResellerId = "reseller1",
        });
        #endregion
        return dojo;
    }

    /// <summary>A sale on a terminal; returns its final session.</summary>
    public static async Task<TerminalSession> SaleAsync(DojoClient dojo)
    {
        #region sale
        // A sale on a terminal, answering a signature request if the terminal asks for one.
        var intent = await dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(1000, "GBP"), Reference = "Order 234" });
        var terminal = (await dojo.Terminals.ListAsync([TerminalStatus.Available])).First(t => t.Properties.Tid.EndsWith("APP1"));
        var session = await dojo.TerminalSessions.CreateSaleAsync(terminal.Id, intent.Id!);
        var final = await dojo.TerminalSessions.WaitForCompletionAsync(session.Id, onSignatureRequired: s => Task.FromResult(true));
        // final.Status: Captured, or Declined / Canceled / Expired / SignatureVerificationRejected

        // A refund later, safe to retry with the same key.
        await dojo.PaymentIntents.RefundAsync(intent.Id!, new CreateRefundRequest { Amount = 400, RefundReason = "Damaged" }, idempotencyKey: "order-234-refund-1");
        #endregion
        return final;
    }

    /// <summary>A pre-authorization, raised and then captured in part; returns the intent.</summary>
    public static async Task<PaymentIntent> PreAuthorizationAsync(DojoClient dojo, string terminalId)
    {
        #region pre-authorization
        // A pre-authorization: authorize on the terminal, raise the amount, capture less.
        var hold = await dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest
        {
            Amount = new Money(1000, "GBP"), Reference = "Room 12", CaptureMode = CaptureMode.Manual,
            AutoExpireAction = AutoExpireAction.Release, AutoExpireIn = "00.10:00:00",
        });
        var authorized = await dojo.TerminalSessions.WaitForCompletionAsync((await dojo.TerminalSessions.CreateSaleAsync(terminalId, hold.Id!)).Id);
        await dojo.PaymentIntents.ChangeAmountAsync(hold.Id!, new SetAmountRequest { Amount = new Money(5500, "GBP") });
        await dojo.PaymentIntents.CaptureAsync(hold.Id!, new CreateCaptureRequest { Amount = 2000 });
        #endregion
        return await dojo.PaymentIntents.GetAsync(hold.Id!);
    }

    #region webhook
    // In your webhook endpoint: the raw body, the Dojo-Signature header, and the subscription's active secret.
    public static WebhookPayload ReadWebhook(string body, string? signatureHeader, string secret)
        => DojoWebhooks.ParseAndVerify(body, signatureHeader, secret);   // throws when the signature does not match
    #endregion
}
