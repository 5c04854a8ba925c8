#region usings
using PayAtCounter.Client;
using PayAtCounter.Contracts;
using PayAtCounter.Testing;
#endregion

namespace ReadmeExamples;

/// <summary>The README's in-process sandbox example.</summary>
public static class SandboxExamples
{
    /// <summary>A sale on the interactive PDQ, driven as a customer would; returns its final session.</summary>
    public static async Task<TerminalSession> InteractiveSaleAsync()
    {
        #region interactive-sale
        await using var sandbox = await DojoSandbox.StartAsync();
        var dojo = sandbox.Client;
        var pdq = await sandbox.TerminalAsync("PDQ1");            // APP1, SIP0, DIP0, TIP0, SIS0 play their script alone

        var intent = await dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(2400, "GBP"), Reference = "Table 9" });
        var session = await dojo.TerminalSessions.CreateSaleAsync(pdq.Id, intent.Id!);
        await pdq.PresentCardAsync("ContactChip");                 // waits until the PDQ asks for a card
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));       // it reads the chip and asks for the PIN
        await pdq.EnterPinAsync();                                 // also PressCancelAsync, PowerOffAsync, PowerOnAsync
        var final = await dojo.TerminalSessions.WaitForCompletionAsync(session.Id);   // Captured
        #endregion
        return final;
    }
}
