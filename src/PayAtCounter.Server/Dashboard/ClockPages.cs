using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Server.Dashboard.Components;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Scheduling;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>The sandbox clock: its time and speed, and advancing it (the sandbox API's own handler).</summary>
internal static class ClockPages
{
    public static void MapClockPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/clock", (SandboxClock clock) => Page<ClockPage>(new { Clock = ClockState.Of(clock, 0) }));
        dashboard.MapPost("/clock/advance", Advance);
    }

    private static async Task<IResult> Advance([FromForm] string? amount, [FromForm] string? unit, SandboxClock clock, DueWorkRunner runner, ClockStore clockStore, WorkSignals signals, CancellationToken ct)
    {
        if (!long.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 3650L * 24 * 3600)
        {
            return Back("/dashboard/clock", "Enter a whole number of seconds, minutes, hours or days.");
        }
        var by = unit switch
        {
            "seconds" => TimeSpan.FromSeconds(count),
            "minutes" => TimeSpan.FromMinutes(Math.Min(count, 3650L * 24 * 60)),
            "hours" => TimeSpan.FromHours(Math.Min(count, 3650L * 24)),
            _ => TimeSpan.FromDays(Math.Min(count, 3651)),
        };
        var request = new AdvanceClockRequest(by.ToString("c", CultureInfo.InvariantCulture));
        var outcome = (await SandboxApi.AdvanceClock(request, clock, runner, clockStore, signals, ct)).Result;
        return Back("/dashboard/clock", outcome switch
        {
            Microsoft.AspNetCore.Http.HttpResults.Ok<ClockState> done => $"Advanced by {count} {unit ?? "days"}: {done.Value!.TransitionsRun} scheduled step(s) ran.",
            Errors.ApiError error => Describe(error),
            _ => null,
        });
    }
}
