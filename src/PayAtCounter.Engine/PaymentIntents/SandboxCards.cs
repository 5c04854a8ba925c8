using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;

namespace PayAtCounter.Engine.PaymentIntents;

/// <summary>The test card of Dojo's examples, shaped by how it is presented (contract §7.16).</summary>
public static class SandboxCards
{
    /// <summary>Contactless without a PIN is refused above this amount in minor units (rule 30).</summary>
    public const long ContactlessLimit = 10_000;

    /// <summary>A card payment with the example card for the given amount and entry mode.</summary>
    public static CardPayment Payment(long totalMinorUnits, string entryMode, bool approved, IdGenerator ids)
    {
        var verification = entryMode switch
        {
            "ManualEntry" => "None",
            "Contactless" when totalMinorUnits <= ContactlessLimit => "None",
            "Contactless" => "Device",
            _ => "Pin",
        };
        var card = new Card
        {
            CardNumber = "44565300****1096",
            CardName = "test",
            ExpiryDate = "2024-12-31",
            CardType = "VISA",
            CardFundingType = "Credit",
            Last4Pan = "1096",
            EntryMode = entryMode,
            VerificationMethod = verification,
        };
        return new CardPayment(card, ids.TransactionId(), ids.AuthCode(), approved);
    }
}
