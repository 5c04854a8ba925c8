using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;

namespace PayAtCounter.Engine.PaymentIntents;

/// <summary>The test card of Dojo's examples, shaped by how it is presented (contract §7.16).</summary>
public static class SandboxCards
{
    /// <summary>Card schemes the sandbox can pay with, and their masked test numbers.</summary>
    public static readonly IReadOnlyDictionary<string, (string Masked, string Last4)> Numbers = new Dictionary<string, (string, string)>
    {
        ["VISA"] = ("44565300****1096", "1096"),
        ["MASTERCARD"] = ("54545454****5454", "5454"),
        ["MAESTRO"] = ("67596498****0207", "0207"),
        ["AMEX"] = ("37828224****0005", "0005"),
    };

    /// <summary>Contactless without a PIN is refused above this amount in minor units (rule 30).</summary>
    public const long ContactlessLimit = 10_000;

    /// <summary>A card payment with the example card for the given amount and entry mode.</summary>
    public static CardPayment Payment(long totalMinorUnits, string entryMode, bool approved, IdGenerator ids, string? verification = null, string? scheme = null)
    {
        verification ??= Verification(totalMinorUnits, entryMode);
        var (cardNumber, last4) = Numbers.GetValueOrDefault(scheme ?? "VISA", Numbers["VISA"]);
        var card = new Card
        {
            CardNumber = cardNumber,
            CardName = "test",
            ExpiryDate = "2024-12-31",
            CardType = scheme ?? "VISA",
            CardFundingType = "Credit",
            Last4Pan = last4,
            EntryMode = entryMode,
            VerificationMethod = verification,
        };
        return new CardPayment(card, ids.TransactionId(), ids.AuthCode(), approved);
    }

    /// <summary>
    /// How the card holder is verified: keyed entry has no CVM, contactless up to £100 none, above it a
    /// PIN (rule 30), chip always a PIN.
    /// </summary>
    public static string Verification(long totalMinorUnits, string entryMode) => entryMode switch
    {
        "ManualEntry" => "None",
        "Contactless" when totalMinorUnits <= ContactlessLimit => "None",
        _ => "Pin",
    };
}
