using System.Globalization;
using PayAtCounter.Contracts;
using PayAtCounter.Server.Dashboard.Components;
using PayAtCounter.Server.PaymentIntents;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>Payment intents: the list by status and date, and one intent with its payments, refunds and sessions.</summary>
internal static class PaymentIntentPages
{
    private const int PageSize = 50;

    public static void MapPaymentIntentPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/payment-intents", List);
        dashboard.MapGet("/payment-intents/{paymentIntentId}", Show);
    }

    private static async Task<IResult> List(string? status, string? from, string? to, string? before, string? after, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        PaymentIntentStatus? wanted = Enum.TryParse<PaymentIntentStatus>(status, out var parsed) ? parsed : null;
        var start = Day(from);
        // "To" is a whole day: up to its last moment.
        var end = Day(to)?.AddDays(1).AddTicks(-1);
        var query = new IntentQuery(wanted is { } w ? [w] : null, start, end, PageSize,
            before is null ? null : PageCursor.TryParse(before), after is null ? null : PageCursor.TryParse(after));
        var page = await ctx.Store.SearchAsync(ctx.Account.Id, query, ct);
        var filters = $"/dashboard/payment-intents?status={wanted}&from={(start is null ? "" : from)}&to={(end is null ? "" : to)}";
        return Page<PaymentIntentsPage>(new
        {
            Intents = page.Items,
            Status = wanted,
            From = start is null ? null : from,
            To = end is null ? null : to,
            Self = filters + (before is not null ? $"&before={Uri.EscapeDataString(before)}" : after is not null ? $"&after={Uri.EscapeDataString(after)}" : ""),
            Newer = page.Before is null ? null : $"{filters}&before={page.Before}",
            Older = page.After is null ? null : $"{filters}&after={page.After}",
        });
    }

    private static async Task<IResult> Show(string paymentIntentId, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        var intent = await ctx.Store.FindAsync(ctx.Account.Id, paymentIntentId, ct);
        if (intent is null)
        {
            return NotFound($"This account has no payment intent {paymentIntentId}.");
        }
        var history = await ctx.Sessions.HistoryAsync([paymentIntentId], ct);
        return Page<PaymentIntentPage>(new
        {
            Intent = intent,
            Refunds = await ctx.Store.RefundsOfAsync(ctx.Account.Id, paymentIntentId, ct),
            Sessions = history[paymentIntentId].ToList(),
        });
    }

    private static DateTimeOffset? Day(string? text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
}
