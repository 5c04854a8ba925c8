using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Readiness;

/// <summary>
/// The go-live readiness inspector grades a till from the traffic it sent: a scripted good till and a careless one
/// are driven over HTTP and the verdict of every checklist row is checked for both.
/// </summary>
public sealed class ReadinessInspectorTests
{
    private static async Task<JsonObject> ReportAsync(HttpClient client, string path = "/sandbox/readiness")
        => await (await client.GetAsync(path)).ReadJsonAsync(HttpStatusCode.OK);

    private static Dictionary<string, string> VerdictsOf(JsonObject report)
        => report["rows"]!.AsArray().Append(report["mandatoryRefund"]).ToDictionary(r => (string)r!["id"]!, r => (string)r!["verdict"]!);

    private static void AssertVerdicts(IReadOnlyDictionary<string, string> expected, JsonObject report)
    {
        var actual = VerdictsOf(report);
        var wrong = actual.Where(a => a.Value != expected.GetValueOrDefault(a.Key, "NotExercised"))
            .Select(a => $"{a.Key}: {a.Value}, expected {expected.GetValueOrDefault(a.Key, "NotExercised")}: "
                + string.Join(" ", report["rows"]!.AsArray().Append(report["mandatoryRefund"]).Single(r => (string)r!["id"]! == a.Key)!["evidence"]!.AsArray().Select(e => (string)e!["text"]!)))
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(57, actual.Count);
    }

    [Fact]
    public async Task A_good_till_passes_every_row_the_traffic_can_show_and_leaves_the_displays_to_a_person()
    {
        using var app = new PayAtCounterApp(settings: ReadinessTills.Settings);
        var till = new ScriptedTill(app, "GoodTill/4.2", TimeSpan.FromSeconds(1), readsIntentAfterSession: true, reusesIntentAfterDecline: true);
        await (await till.Sandbox.PostJsonAsync("/sandbox/readiness/runs", """{"name":"POS 4.2 QA","posVersion":"4.2.0"}""")).ReadJsonAsync(HttpStatusCode.OK);

        await ReadinessTills.RunGoodTillAsync(till);
        var report = await ReportAsync(till.Sandbox);

        AssertVerdicts(ReadinessTills.GoodVerdicts, report);
        Assert.Equal(0, (int)report["summary"]!["failed"]!);
        if (Environment.GetEnvironmentVariable("UPDATE_READINESS_EXAMPLE") == "1")
        {
            var markdown = await (await till.Sandbox.GetAsync("/sandbox/readiness?format=md")).Content.ReadAsStringAsync();
            await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Root(), "docs", "readiness-example.md"), markdown);
        }
        Assert.Equal(["2026-02-27"], report["apiVersions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("4.2.0", (string)report["run"]!["posVersion"]!);
    }

    [Fact]
    public async Task A_careless_till_fails_on_its_polling_its_retries_its_missing_reads_and_its_missing_refund()
    {
        using var app = new PayAtCounterApp(settings: ReadinessTills.Settings);
        var till = new ScriptedTill(app, "CarelessTill/0.9", TimeSpan.FromMilliseconds(100), readsIntentAfterSession: false, reusesIntentAfterDecline: false);

        await ReadinessTills.RunCarelessTillAsync(till);
        var report = await ReportAsync(till.Sandbox);

        AssertVerdicts(ReadinessTills.CarelessVerdicts, report);
        var polling = report["rows"]!.AsArray().Single(r => (string)r!["id"]! == "AS-15")!;
        Assert.Contains("median interval 0.10 s", (string)polling["evidence"]![0]!["text"]!);
        var retry = (string)report["rows"]!.AsArray().Single(r => (string)r!["id"]! == "AS-07")!["evidence"]![0]!["text"]!;
        Assert.Contains("made a new intent", retry);
    }

    [Fact]
    public async Task A_till_that_stops_reading_fails_each_row_whose_read_it_skipped()
    {
        using var app = new PayAtCounterApp(settings: ReadinessTills.Settings);
        var till = new ScriptedTill(app, "HastyTill/2.0", TimeSpan.FromSeconds(5), readsIntentAfterSession: false, reusesIntentAfterDecline: false);

        await ReadinessTills.RunStopsReadingTillAsync(till);
        var report = await ReportAsync(till.Sandbox);

        AssertVerdicts(ReadinessTills.StopsReadingVerdicts, report);
        var polling = (string)report["rows"]!.AsArray().Single(r => (string)r!["id"]! == "AS-15")!["evidence"]![0]!["text"]!;
        Assert.Contains("median interval 5.00 s", polling);
    }

    [Fact]
    public async Task A_run_with_no_traffic_reports_every_row_not_exercised_with_the_steps_to_exercise_it()
    {
        using var app = new PayAtCounterApp(settings: ReadinessTills.Settings);
        var client = app.CreateDojoClient();
        await (await client.PostJsonAsync("/sandbox/readiness/runs", """{"name":"Empty"}""")).ReadJsonAsync(HttpStatusCode.OK);

        var report = await ReportAsync(client);

        var rows = report["rows"]!.AsArray();
        Assert.Equal(56, rows.Count);
        Assert.All(rows, r => Assert.Equal("NotExercised", (string)r!["verdict"]!));
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace((string?)r!["howToExercise"]), $"{r!["id"]} has no steps"));
        Assert.Equal("Failed", (string)report["mandatoryRefund"]!["verdict"]!);
        Assert.Equal(0, (int)report["requestCount"]!);
    }

    [Fact]
    public async Task CFG02_and_ERR02_a_wrong_key_from_the_runs_till_is_tied_to_the_run_and_another_clients_is_not()
    {
        using var app = new PayAtCounterApp(settings: ReadinessTills.Settings);
        var till = new ScriptedTill(app, "GoodTill/4.2", TimeSpan.FromSeconds(1), true, true);
        var stranger = new ScriptedTill(app, "SomeoneElse/1.0", TimeSpan.FromSeconds(1), true, true);
        await (await till.Sandbox.PostJsonAsync("/sandbox/readiness/runs", """{"name":"keys"}""")).ReadJsonAsync(HttpStatusCode.OK);

        await stranger.WrongKeyAsync();
        var before = VerdictsOf(await ReportAsync(till.Sandbox));
        await till.TerminalAsync("APP1");
        await till.WrongKeyAsync();
        var report = await ReportAsync(till.Sandbox);

        Assert.Equal("NotExercised", before["CFG-02"]);
        var cfg02 = report["rows"]!.AsArray().Single(r => (string)r!["id"]! == "CFG-02")!;
        Assert.Equal("ConfirmByHand", (string)cfg02["verdict"]!);
        Assert.Contains("1 request(s) were refused with 401", (string)cfg02["evidence"]![0]!["text"]!);
        Assert.Equal("ConfirmByHand", VerdictsOf(report)["ERR-02"]);
        Assert.Contains("User-Agent", (string)report["unauthenticatedTie"]!);
    }

    [Fact]
    public async Task The_report_comes_as_json_markdown_and_a_self_contained_html_page()
    {
        using var app = new PayAtCounterApp(settings: ReadinessTills.Settings);
        var till = new ScriptedTill(app, "GoodTill/4.2", TimeSpan.FromSeconds(1), true, true);
        var run = await (await till.Sandbox.PostJsonAsync("/sandbox/readiness/runs", """{"name":"POS 4.2 QA","posVersion":"4.2.0"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await till.SaleAsync("APP1", await till.NewOrderAsync());

        var markdown = await till.Sandbox.GetAsync($"/sandbox/readiness/runs/{run["id"]}?format=md");
        var html = await till.Sandbox.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/sandbox/readiness") { Headers = { { "Accept", "text/html" } } });
        var json = await ReportAsync(till.Sandbox, $"/sandbox/readiness/runs/{run["id"]}");
        var unknown = await till.Sandbox.GetAsync("/sandbox/readiness/runs/rr_nope");
        var badFormat = await till.Sandbox.GetAsync("/sandbox/readiness?format=pdf");

        Assert.StartsWith("text/markdown", markdown.Content.Headers.ContentType!.ToString());
        var md = await markdown.Content.ReadAsStringAsync();
        Assert.StartsWith("# Go-live readiness: POS 4.2 QA", md);
        Assert.Contains("| AS-01 | Create terminal session - Successful while inserting card | **Passed** |", md);
        Assert.StartsWith("text/html", html.Content.Headers.ContentType!.ToString());
        var page = await html.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("http", page.Replace("https://docs.dojo.tech", "", StringComparison.Ordinal).Replace("http://", "x", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("POS 4.2 QA", (string)json["run"]!["name"]!);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);

        // The example in docs/ is such a report; UPDATE_READINESS_EXAMPLE=1 writes a fresh one from the good till.
        var example = Path.Combine(RepositoryPaths.Root(), "docs", "readiness-example.md");
        Assert.True(File.Exists(example), $"{example} is missing");
    }

    [Fact]
    public async Task Starting_a_run_ends_the_open_one_and_each_report_covers_its_own_traffic()
    {
        using var app = new PayAtCounterApp(settings: ReadinessTills.Settings);
        var till = new ScriptedTill(app, "GoodTill/4.2", TimeSpan.FromSeconds(1), true, true);
        var first = await (await till.Sandbox.PostJsonAsync("/sandbox/readiness/runs", """{"name":"first"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await till.NewOrderAsync();
        await ReportAsync(till.Sandbox);   // waits until the request is stored, so it falls in the first run
        var second = await (await till.Sandbox.PostJsonAsync("/sandbox/readiness/runs", """{"name":"second","posVersion":"4.3"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await till.NewOrderAsync(captureMode: "Manual");

        var runs = JsonNode.Parse(await (await till.Sandbox.GetAsync("/sandbox/readiness/runs")).Content.ReadAsStringAsync())!.AsArray();
        var firstReport = await ReportAsync(till.Sandbox, $"/sandbox/readiness/runs/{first["id"]}");
        var current = await ReportAsync(till.Sandbox);

        Assert.Equal(["second", "first"], runs.Select(r => (string)r!["name"]!));
        Assert.NotNull(runs[1]!["endedAt"]);
        Assert.Null(runs[0]!["endedAt"]);
        Assert.Equal((string)second["id"]!, (string)current["run"]!["id"]!);
        Assert.Equal(("Passed", "NotExercised"), (VerdictsOf(firstReport)["PI-01"], VerdictsOf(firstReport)["PI-02"]));
        Assert.Equal(("NotExercised", "Passed"), (VerdictsOf(current)["PI-01"], VerdictsOf(current)["PI-02"]));
    }

    [Fact]
    public async Task Recording_keeps_no_key_cuts_long_bodies_and_stores_a_repeated_answer_once()
    {
        using var app = new PayAtCounterApp(settings: new Dictionary<string, string?>(ReadinessTills.Settings) { ["Readiness:BodyLimitBytes"] = "300" });
        var till = new ScriptedTill(app, "GoodTill/4.2", TimeSpan.FromSeconds(1), true, true);
        var intentId = await till.NewOrderAsync(extraJson: $$""","description":"{{new string('x', 500)}}" """);
        await till.Http.GetIntentAsync(intentId);
        await till.Http.GetIntentAsync(intentId);
        await till.WrongKeyAsync();
        await ReportAsync(till.Sandbox);

        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<PayAtCounterDb>().RecordedRequests.AsNoTracking().OrderBy(r => r.WallTicks).ToListAsync();
        var create = rows.Single(r => r.Method == "POST");
        var reads = rows.Where(r => r.Method == "GET" && r.Path == $"/payment-intents/{intentId}").ToList();

        Assert.True(create.RequestBodyCut && create.RequestBody!.Length <= 300);
        Assert.True(create.ResponseBodyCut);
        Assert.Equal([false, true], reads.Select(r => r.ResponseUnchanged));
        Assert.Null(reads[1].ResponseBody);
        Assert.All(rows, r => Assert.DoesNotContain(PayAtCounterApp.SandboxKey, string.Join(" ", r.RequestBody, r.ResponseBody, r.KeyFingerprint, r.UserAgent)));
        Assert.All(rows, r => Assert.Equal(6, r.KeyFingerprint!.Length));
        Assert.NotEqual(rows.First(r => r.AccountId is not null).KeyFingerprint, rows.Single(r => r.Status == 401).KeyFingerprint);
        Assert.All(rows.Where(r => r.Status != 401), r => Assert.Equal("GoodTill/4.2", r.UserAgent));
    }

    [Fact]
    public async Task Recorded_requests_are_kept_within_their_count_per_account_and_their_age()
    {
        using var app = new PayAtCounterApp(settings: ReadinessTills.Settings);
        var till = new ScriptedTill(app, "GoodTill/4.2", TimeSpan.FromSeconds(1), true, true);
        for (var i = 0; i < 8; i++)
        {
            await till.NewOrderAsync();
        }
        await ReportAsync(till.Sandbox);

        await using var scope = app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PayAtCounter.Server.Readiness.ReadinessStore>();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        var newest = await db.RecordedRequests.AsNoTracking().OrderByDescending(r => r.WallTicks).Take(5).Select(r => r.Id).ToListAsync();
        await store.PruneAsync(DateTimeOffset.UnixEpoch, maxPerAccount: 5, CancellationToken.None);
        var kept = await db.RecordedRequests.AsNoTracking().Select(r => r.Id).ToListAsync();
        await store.PruneAsync(DateTimeOffset.UtcNow.AddMinutes(1), maxPerAccount: 5, CancellationToken.None);

        Assert.Equal(newest.Order(), kept.Order());
        Assert.Empty(await db.RecordedRequests.AsNoTracking().ToListAsync());
    }
}
