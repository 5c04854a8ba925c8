using PayAtCounter.Contracts;

namespace PayAtCounter.Till;

/// <summary>A line of the basket: so many of an item at a unit price, less a discount on the line.</summary>
/// <param name="Name">What was sold.</param>
/// <param name="Quantity">How many.</param>
/// <param name="UnitPrice">Price of one, in pence.</param>
/// <param name="Discount">A discount on the whole line, in pence (0 for none), sent as a modifier.</param>
/// <param name="DiscountName">What the discount is called on the receipt.</param>
public sealed record BasketLine(string Name, int Quantity, long UnitPrice, long Discount = 0, string? DiscountName = null);

/// <summary>A tax shown on the bill (it is included in the prices, as UK VAT is).</summary>
/// <param name="Name">E.g. "VAT 20%".</param>
/// <param name="Amount">The tax in the total, in pence.</param>
public sealed record BasketTax(string Name, long Amount);

/// <summary>What the customer is buying: item lines with their discounts, and the taxes in the total.</summary>
public sealed record Basket(IReadOnlyList<BasketLine> Lines, IReadOnlyList<BasketTax> Taxes, string Currency = "GBP")
{
    /// <summary>What the customer owes for the goods, in pence (tips and cashback come on top).</summary>
    public long Total => Lines.Sum(l => l.Quantity * l.UnitPrice - l.Discount);

    /// <summary>
    /// The basket as Dojo's item lines: <c>amountTotal</c> is the line before its discount, and the discount a negative
    /// modifier (not counted in the line, as Dojo's item-line rules say), so the PDQ and the receipt show both.
    /// </summary>
    public List<ItemLine> ItemLines() => Lines.Select((line, i) => new ItemLine
    {
        Id = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Name = line.Name,
        Quantity = line.Quantity,
        AmountTotal = new Money(line.Quantity * line.UnitPrice, Currency),
        Modifiers = line.Discount == 0 ? null :
        [
            new Modifier { Id = $"{i + 1}-discount", Name = line.DiscountName ?? "Discount", Quantity = 1, AmountPerModifier = new Money(-line.Discount, Currency) },
        ],
    }).ToList();

    /// <summary>The taxes as Dojo's tax lines.</summary>
    public List<TaxLine> TaxLines() => Taxes.Select((tax, i) => new TaxLine
    {
        Id = $"tax-{i + 1}",
        Caption = tax.Name,
        AmountTotal = new Money(tax.Amount, Currency),
    }).ToList();
}
