using Microsoft.AspNetCore.Mvc;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Dashboard.Components;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>The signed-in account, and creating another sandbox account (its key shown once, as <c>accounts add</c> does).</summary>
internal static class AccountPages
{
    public static void MapAccountPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/account", () => Page<AccountPage>());
        dashboard.MapPost("/account/new", Create);
    }

    private static async Task<IResult> Create([FromForm] string? name, AccountDirectory accounts, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            return Back("/dashboard/account", "Give the new account a name of 1 to 100 characters.");
        }
        var key = ApiKeys.Generate(sandbox: true);
        var (account, _) = await accounts.EnsureAsync(name.Trim(), key, ct);
        // Answered directly, not redirected: the new key must not travel in an address.
        return Page<AccountPage>(new { NewKey = key, NewAccountId = account.Id });
    }
}
