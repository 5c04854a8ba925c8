using System.Text;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.PaymentIntents;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>A search: filters, page size and at most one cursor.</summary>
public sealed record IntentQuery(IReadOnlyList<PaymentIntentStatus>? Statuses, DateTimeOffset? StartDate, DateTimeOffset? EndDate, int Limit, PageCursor? Before, PageCursor? After);

/// <summary>A page of intents and the cursors around it.</summary>
public sealed record IntentPage(IReadOnlyList<PaymentIntentState> Items, string? Before, string? After);

/// <summary>An opaque position in the newest-first order: creation time and id.</summary>
public sealed record PageCursor(long Ticks, string Id)
{
    /// <summary>The cursor of a row.</summary>
    public static string Of(PaymentIntentRow row) => Encode(row.CreatedAtTicks, row.Id);

    /// <summary>Encodes a position as URL-safe text.</summary>
    public static string Encode(long ticks, string id)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ticks}:{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a cursor, or returns null when it is not one of ours.</summary>
    public static PageCursor? TryParse(string text)
    {
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':', 2);
            return parts.Length == 2 && long.TryParse(parts[0], out var ticks) && parts[1].Length > 0 ? new PageCursor(ticks, parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
