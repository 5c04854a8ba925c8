using System.Globalization;
using PayAtCounter.Client;
using PayAtCounter.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PayAtCounter.Cli.Output;

/// <summary>How <c>pac</c> draws things: tables, name–value lists, amounts, times.</summary>
internal static class Render
{
    /// <summary>A table with <paramref name="headers"/>; cells are text, never markup.</summary>
    public static void Table(IAnsiConsole console, string[] headers, IEnumerable<string?[]> rows)
    {
        // Box-drawing characters on a terminal, ASCII for a file or a pipe.
        var table = new Table().Border(console.Profile.Capabilities.Unicode ? TableBorder.Rounded : TableBorder.Ascii);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }
        var count = 0;
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell ?? "")));
            count++;
        }
        if (count == 0)
        {
            console.WriteLine("(none)");
            return;
        }
        console.Write(table);
    }

    /// <summary>Name–value lines; rows without a value are left out.</summary>
    public static void Fields(IAnsiConsole console, params (string Name, string? Value)[] fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (name, value) in fields.Where(f => !string.IsNullOrEmpty(f.Value)))
        {
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value!));
        }
        console.Write(grid);
    }

    /// <summary>An amount in minor units as a person reads it: <c>GBP 12.50</c>.</summary>
    public static string Amount(long minor, string? currency) => $"{currency ?? ""} {minor / 100m:0.00}".Trim();

    /// <inheritdoc cref="Amount(long, string?)"/>
    public static string? Amount(Money? money) => money is null ? null : Amount(money.Value, money.CurrencyCode);

    /// <summary>A time as UTC, to the second.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An enum as the API writes it, also a value Dojo added after this build.</summary>
    public static string Wire<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => DojoEnum.ToWireString(value);

    /// <summary>A status in its colour: green for paid, red for failed, yellow for everything on the way.</summary>
    public static Style StatusStyle(string status) => status switch
    {
        "Captured" or "Authorized" or "SignatureVerificationAccepted" or "Available" => new Style(Color.Green),
        "Declined" or "Expired" or "SignatureVerificationRejected" or "Canceled" or "Reversed" or "Refunded" or "Offline" => new Style(Color.Red),
        _ => new Style(Color.Yellow),
    };
}
