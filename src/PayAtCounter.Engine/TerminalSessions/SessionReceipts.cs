using System.Globalization;
using PayAtCounter.Contracts;

namespace PayAtCounter.Engine.TerminalSessions;

/// <summary>
/// Receipts as a Dojo terminal prints them (contract Appendix A): merchant header, masked TID and card,
/// the amounts with gratuity and cashback, the result, auth code and copy marker.
/// </summary>
public static class SessionReceipts
{
    /// <summary>The customer and merchant copies for a processed card.</summary>
    public static (TerminalSessionReceipt Customer, TerminalSessionReceipt Merchant) Build(TerminalSessionState session, PaymentDetails payment, string result, string merchantName, DateTimeOffset at)
        => (Copy(session, payment, result, merchantName, at, merchant: false), Copy(session, payment, result, merchantName, at, merchant: true));

    private static TerminalSessionReceipt Copy(TerminalSessionState session, PaymentDetails payment, string result, string merchantName, DateTimeOffset at, bool merchant)
    {
        var currency = session.Amount.CurrencyCode;
        var baseAmount = session.Amount.Value - session.Gratuity - session.Cashback;
        var card = payment.Card;
        var tid = session.Tid;
        var lines = new List<TerminalSessionReceiptLine>
        {
            Header(merchantName),
            Body("M:**********66701"),
            Body(merchant ? $"TID:{Mask(tid, 6, 5)}     " : $"TID:{Mask(tid, 7, 4)}     "),
            Body($"{card?.CardType} {card?.CardFundingType?.ToUpperInvariant()}".Trim()),
            Body("AID: A0000000032010"),
            Header(card?.CardType ?? "CARD"),
            Body("************" + (card?.Last4Pan ?? "0000")),
            Body("PAN SEQ NO. 01"),
            Body(card?.EntryMode switch { "Contactless" => "CONTACTLESS", "ManualEntry" => "KEYED", _ => "ICC_CHIP" }),
            Body(session.Type == TerminalSessionType.Sale ? "SALE" : "REFUND"),
            Body(Column("AMOUNT", MoneyMath.Display(baseAmount, currency))),
            Body(Column("GRATUITY", MoneyMath.Display(session.Gratuity, currency))),
            Body(Column("CASHBACK", MoneyMath.Display(session.Cashback, currency))),
            Header(Column("TOTAL", MoneyMath.Display(session.Amount.Value, currency))),
            Body(result, bold: true),
        };
        if (card?.VerificationMethod == "Signature")
        {
            lines.Add(Body("SIGNATURE VERIFIED BY MERCHANT"));
        }
        lines.Add(Body("Thank You"));
        lines.Add(Body(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        lines.Add(Body($"AUTH CODE:{payment.AuthCode}"));
        if (merchant)
        {
            // A stable number per session: string hashes are randomized per process.
            lines.Add(Body($"TXN {session.Id.Aggregate(0, (acc, c) => (acc * 31 + c) % 10000):D4}"));
            lines.Add(Body("SESSION 1"));
        }
        lines.Add(Body(merchant ? "     MERCHANT COPY      " : "     CUSTOMER COPY      "));
        lines.Add(Body(" PLEASE RETAIN RECEIPT"));
        return new TerminalSessionReceipt { Lines = lines };
    }

    private static string Column(string label, string value) => label.PadRight(19) + value;

    private static string Mask(string tid, int visible, int stars)
        => new string('*', stars) + (tid.Length > visible ? tid[^visible..] : tid);

    private static TerminalSessionReceiptLine Header(string text) => Text(text, TerminalSessionReceiptTextSize.SizeHeader1, bold: true);

    private static TerminalSessionReceiptLine Body(string text, bool bold = false) => Text(text, TerminalSessionReceiptTextSize.SizeBody, bold);

    private static TerminalSessionReceiptLine Text(string value, TerminalSessionReceiptTextSize size, bool bold) => new()
    {
        LineType = TerminalSessionReceiptLineType.Text,
        Text = new TerminalSessionReceiptText { Value = value, Size = size, Align = TerminalSessionReceiptAlign.AlignLeft, EmphasisBold = bold },
    };
}
