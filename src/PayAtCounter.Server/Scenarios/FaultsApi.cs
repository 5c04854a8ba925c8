using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Sandbox;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// API fault injection (<c>/sandbox/faults</c>): rules that make the account's next calls of Dojo's API slow, fail
/// with a 5xx or 429, or lose their response after the change is committed, for a count, a chance, or a while.
/// </summary>
public static class FaultsApi
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly int[] Statuses = [500, 502, 503, 429];
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LongestLife = TimeSpan.FromDays(7);
    private static readonly TimeSpan DefaultLife = TimeSpan.FromHours(1);

    /// <summary>Registers the store, the rules kept in memory, the loop that reads them, and the middleware's needs.</summary>
    public static IServiceCollection AddFaults(this IServiceCollection services)
        => services.AddScoped<FaultRuleStore>().AddSingleton<FaultRules>().AddHostedService<FaultRuleLoop>();

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/faults").WithTags("Sandbox").RequireApiKey().WithSandboxErrors(400, 404, 409);
        api.MapPost("/", Add).WithName("Sandbox_AddFaultRule")
            .WithSummary("Add a fault rule: Delay, Status (500/502/503/429, nothing stored), DropAfterCommit or TimeoutAfterCommit for matching calls");
        api.MapGet("/", List).WithName("Sandbox_ListFaultRules").WithSummary("List the account's fault rules, in the order they are tried");
        api.MapDelete("/{ruleId}", Remove).WithName("Sandbox_RemoveFaultRule").WithSummary("Remove a fault rule");
        return api;
    }

    private static async Task<Results<Created<FaultRuleView>, ApiError>> Add(FaultRuleRequest request, HttpContext http, FaultRuleStore store, FaultRules rules, IdGenerator ids, WallClock wall, CancellationToken ct)
    {
        var (rule, invalid) = Validate(request, http.Account().Id, ids, wall.GetUtcNow());
        if (rule is null)
        {
            return ApiError.Validation(invalid!);
        }
        if (await store.CountActiveAsync(rule.AccountId, wall.GetUtcNow(), ct) >= FaultRuleStore.MaxRules)
        {
            return new ApiError(StatusCodes.Status409Conflict, "Conflict", $"The account has {FaultRuleStore.MaxRules} fault rules that may still apply, the most it can have; remove one first.");
        }
        // An id already stored can come again after a seeded snapshot restore rewinds the sequence: take the next.
        for (var attempt = 0; !await store.AddAsync(rule); attempt++)
        {
            if (attempt == 4)
            {
                return new ApiError(StatusCodes.Status409Conflict, "Conflict", "The rule could not be stored; try again.");
            }
            rule = rule with { Id = ids.Prefixed("flt_") };
        }
        await rules.ReloadAsync(store, wall.GetUtcNow(), ct);
        return TypedResults.Created($"/sandbox/faults/{rule.Id}", FaultRuleView.Of(rule, rule.Count, wall.GetUtcNow()));
    }

    private static async Task<Ok<List<FaultRuleView>>> List(HttpContext http, FaultRuleStore store, WallClock wall, CancellationToken ct)
        => TypedResults.Ok((await store.ListAsync(http.Account().Id, ct)).Select(r => FaultRuleView.Of(r.Rule, r.Remaining, wall.GetUtcNow())).ToList());

    private static async Task<Results<NoContent, ApiError>> Remove(string ruleId, HttpContext http, FaultRuleStore store, FaultRules rules, WallClock wall, CancellationToken ct)
    {
        if (!await store.RemoveAsync(http.Account().Id, ruleId, ct))
        {
            return ApiError.NotFound($"No fault rule with id {ruleId}.");
        }
        await rules.ReloadAsync(store, wall.GetUtcNow(), ct);
        return TypedResults.NoContent();
    }

    // Every problem of the request at once, or the rule.
    private static (FaultRule? Rule, Dictionary<string, string[]>? Errors) Validate(FaultRuleRequest request, string accountId, IdGenerator ids, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors[field] = [message];

        var method = request.Method is null or "*" ? null : request.Method.ToUpperInvariant();
        if (method is not null && !Methods.Contains(method))
        {
            Error("Method", $"Method must be one of {string.Join(", ", Methods)}, or * (or left out) for any.");
        }
        if (string.IsNullOrWhiteSpace(request.Path) || !request.Path.StartsWith('/') || request.Path.Contains('?'))
        {
            Error("Path", "Path is required: a path of Dojo's API such as /payment-intents/*/refunds, where * stands for one segment.");
        }
        else if (request.Path.StartsWith("/sandbox", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWith("/dashboard", StringComparison.OrdinalIgnoreCase))
        {
            Error("Path", "The sandbox's own paths cannot be faulted (so a rule can always be removed).");
        }
        FaultAction? action = Enum.TryParse<FaultAction>(request.Action, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        if (action is null)
        {
            Error("Action", "Action must be one of Delay, Status, DropAfterCommit, TimeoutAfterCommit.");
        }
        if (action == FaultAction.Status && (request.Status is not { } status || !Statuses.Contains(status)))
        {
            Error("Status", "Status must be 500, 502, 503 or 429 for the Status action.");
        }
        if (request.Status is not null && action is not FaultAction.Status)
        {
            Error("Status", "Status only goes with the Status action.");
        }
        if (request.RetryAfter is < 0 or > 3600 || (request.RetryAfter is not null && request.Status is not (429 or 503)))
        {
            Error("RetryAfter", "RetryAfter is seconds from 0 to 3600, with status 429 or 503.");
        }
        var delay = SandboxIntervals.Read(request.Delay, "Delay", LongestWait, Error);
        if (action == FaultAction.Delay && delay is null && !errors.ContainsKey("Delay"))
        {
            Error("Delay", "Delay is required for the Delay action, e.g. 00:00:02.");
        }
        if (request.Delay is not null && action is not FaultAction.Delay)
        {
            Error("Delay", "Delay only goes with the Delay action.");
        }
        var hold = SandboxIntervals.Read(request.Hold, "Hold", LongestWait, Error);
        if (request.Hold is not null && action is not FaultAction.TimeoutAfterCommit)
        {
            Error("Hold", "Hold only goes with the TimeoutAfterCommit action.");
        }
        if (action == FaultAction.TimeoutAfterCommit && hold is null && !errors.ContainsKey("Hold"))
        {
            Error("Hold", "Hold is required for TimeoutAfterCommit: how long the response is held back, e.g. 00:00:35.");
        }
        if (request.Count is < 1 or > 10_000)
        {
            Error("Count", "Count must be from 1 to 10000, or left out for no limit.");
        }
        if (request.Probability is { } p && (!(p > 0) || p > 1))
        {
            Error("Probability", "Probability must be above 0 and at most 1, or left out for every matching call.");
        }
        var life = SandboxIntervals.Read(request.ExpiresIn, "ExpiresIn", LongestLife, Error) ?? DefaultLife;
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new FaultRule
        {
            Id = ids.Prefixed("flt_"),
            AccountId = accountId,
            Method = method,
            Path = request.Path!.Trim(),
            Action = action!.Value,
            Status = request.Status,
            RetryAfterSeconds = request.RetryAfter ?? (request.Status == 429 ? 1 : null),
            Delay = delay,
            Hold = hold,
            Count = request.Count,
            Probability = request.Probability,
            CreatedAt = now,
            ExpiresAt = now + life,
        }, null);
    }
}

/// <summary>Body of <c>POST /sandbox/faults</c>.</summary>
/// <param name="Method">HTTP method to match; * or left out for any.</param>
/// <param name="Path">Path pattern of Dojo's API; * stands for one segment, e.g. /payment-intents/*/refunds.</param>
/// <param name="Action">Delay, Status, DropAfterCommit or TimeoutAfterCommit.</param>
/// <param name="Status">For Status: 500, 502, 503 or 429.</param>
/// <param name="RetryAfter">For 429 and 503: the Retry-After header, in seconds (429 defaults to 1).</param>
/// <param name="Delay">For Delay: the latency added, [d.]hh:mm:ss, at most 5 minutes.</param>
/// <param name="Hold">For TimeoutAfterCommit: how long the response is held back, at most 5 minutes.</param>
/// <param name="Count">How many calls it applies to, 1–10000; left out for no limit.</param>
/// <param name="Probability">Chance it applies to a matching call, (0, 1]; seeded by Sandbox:Seed.</param>
/// <param name="ExpiresIn">How long it lasts, real time; one hour if left out, at most 7 days.</param>
public sealed record FaultRuleRequest(string? Method, string? Path, string? Action, int? Status, int? RetryAfter, string? Delay, string? Hold, int? Count, double? Probability, string? ExpiresIn);

/// <summary>A fault rule.</summary>
/// <param name="Id">Its id (flt_…).</param>
/// <param name="Method">Method matched; null for any.</param>
/// <param name="Path">Path pattern matched.</param>
/// <param name="Action">What it does.</param>
/// <param name="Status">The status it answers with (Status).</param>
/// <param name="RetryAfter">Its Retry-After, in seconds.</param>
/// <param name="Delay">Latency it adds (Delay).</param>
/// <param name="Hold">How long it holds a response back (TimeoutAfterCommit).</param>
/// <param name="Count">Calls it was made for; null for no limit.</param>
/// <param name="Remaining">Calls it has left; null for no limit.</param>
/// <param name="Probability">Chance it applies to a matching call.</param>
/// <param name="ExpiresAt">Real time it stops applying.</param>
/// <param name="Active">Whether it can still apply: not expired, calls left.</param>
public sealed record FaultRuleView(string Id, string? Method, string Path, string Action, int? Status, int? RetryAfter, string? Delay, string? Hold,
    int? Count, int? Remaining, double? Probability, DateTimeOffset ExpiresAt, bool Active)
{
    internal static FaultRuleView Of(FaultRule rule, int? remaining, DateTimeOffset now) => new(
        rule.Id, rule.Method, rule.Path, rule.Action.ToString(), rule.Status, rule.RetryAfterSeconds,
        rule.Delay?.ToString("c", CultureInfo.InvariantCulture), rule.Hold?.ToString("c", CultureInfo.InvariantCulture),
        rule.Count, remaining, rule.Probability, rule.ExpiresAt, rule.ExpiresAt > now && remaining is not <= 0);
}
