using Microsoft.AspNetCore.Mvc;
using PayAtCounter.Engine.Readiness;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Dashboard.Components;
using PayAtCounter.Server.Readiness;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>The readiness report of the open run or a past one, starting a run, and the report to download.</summary>
internal static class ReadinessPages
{
    public static void MapReadinessPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/readiness", Show);
        dashboard.MapPost("/readiness/runs", Start);
        dashboard.MapGet("/readiness/report", Download);
    }

    private static async Task<IResult> Show(string? run, HttpContext http, ReadinessStore store, ReadinessGrader grader, RequestRecorder recorder, CancellationToken ct)
    {
        await recorder.CatchUpAsync(TimeSpan.FromSeconds(2), ct);
        var account = http.Account().Id;
        var chosen = run is null ? await store.CurrentRunAsync(account, ct) : await store.FindRunAsync(account, run, ct);
        if (chosen is null)
        {
            return NotFound($"This account has no readiness run {run}.");
        }
        return Page<ReadinessPage>(new
        {
            Report = grader.Grade(await store.TrafficAsync(account, chosen, ct)),
            Runs = await store.RunsAsync(account, ct),
            Self = run is null ? "/dashboard/readiness" : $"/dashboard/readiness?run={Uri.EscapeDataString(run)}",
        });
    }

    private static async Task<IResult> Start([FromForm] string? name, [FromForm] string? posVersion, HttpContext http, ReadinessStore store, CancellationToken ct)
    {
        var outcome = (await ReadinessApi.Start(new StartRunRequest(name, posVersion), http, store, ct)).Result;
        return Back("/dashboard/readiness", outcome is Errors.ApiError error ? Describe(error) : "Started a run: the till's requests from now on are graded in it.");
    }

    // The same report the API gives (?format=md|html), as a file to hand to a QA team.
    private static async Task<IResult> Download(string? run, string? format, HttpContext http, ReadinessStore store, ReadinessGrader grader, RequestRecorder recorder, CancellationToken ct)
    {
        var chosen = format is "md" or "html" ? format : "md";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"readiness-{run ?? "current"}.{chosen}\"";
        return run is null
            ? await ReadinessApi.Current(chosen, http, store, grader, recorder, ct)
            : await ReadinessApi.Report(run, chosen, http, store, grader, recorder, ct);
    }
}
