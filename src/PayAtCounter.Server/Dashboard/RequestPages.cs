using Microsoft.Extensions.Options;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Dashboard.Components;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Readiness;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>The API request log: the readiness inspector's recording of the account's requests, bodies on demand.</summary>
internal static class RequestPages
{
    private const int PageSize = 50;

    public static void MapRequestPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/requests", List);
        dashboard.MapGet("/requests/{requestId}", Show);
    }

    private static async Task<IResult> List(string? after, HttpContext http, ReadinessStore store, RequestRecorder recorder, IOptions<ReadinessOptions> options, CancellationToken ct)
    {
        // Requests still on their way to the database belong on the page the person is looking at.
        await recorder.CatchUpAsync(TimeSpan.FromSeconds(2), ct);
        var (requests, older) = await store.RecentRequestsAsync(http.Account().Id, after is null ? null : PageCursor.TryParse(after), PageSize, ct);
        return Page<RequestsPage>(new
        {
            Requests = requests,
            Recording = options.Value.Recording,
            Self = after is null ? "/dashboard/requests" : $"/dashboard/requests?after={Uri.EscapeDataString(after)}",
            Newer = after is null ? null : "/dashboard/requests",
            Older = older is null ? null : $"/dashboard/requests?after={older}",
        });
    }

    private static async Task<IResult> Show(string requestId, HttpContext http, ReadinessStore store, CancellationToken ct)
        => await store.FindRequestAsync(http.Account().Id, requestId, ct) is { } request
            ? Page<RequestPage>(new { Request = request })
            : NotFound($"This account has no recorded request {requestId}.");
}
