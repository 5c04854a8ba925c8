using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PayAtCounter.Engine.Readiness;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Sandbox;

namespace PayAtCounter.Server.Readiness;

/// <summary>
/// The go-live readiness inspector (<c>/sandbox/readiness</c>): runs, and the report of a run graded against
/// Dojo's go-live checklist from the till's recorded traffic, as JSON, Markdown or HTML.
/// </summary>
public static class ReadinessApi
{
    // A report waits this long at most for requests still on their way to the database.
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(5);

    /// <summary>Registers the recorder, its writer loop, the store and the grader.</summary>
    public static IHostApplicationBuilder AddReadiness(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReadinessOptions>().BindConfiguration("Readiness")
            .Validate(o => o.MaxRecordsPerSecond >= 1 && o.BodyLimitBytes >= 0 && o.KeepFor > TimeSpan.Zero && o.MaxRequestsPerAccount >= 1,
                "Readiness: MaxRecordsPerSecond and MaxRequestsPerAccount must be at least 1, BodyLimitBytes zero or more, KeepFor positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(new WallClock(TimeProvider.System));
        builder.Services.AddSingleton<RequestRecorder>();
        builder.Services.AddHostedService<RecorderLoop>();
        builder.Services.AddScoped<ReadinessStore>();
        // Read from the checklist file the server carries, once, when the first report is asked for.
        builder.Services.AddSingleton(_ => new ReadinessGrader(Checklist.Parse(EmbeddedChecklist())));
        return builder;
    }

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapReadinessApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/readiness").WithTags("Readiness").RequireApiKey().WithSandboxErrors(400, 404);
        // JSON is described; ?format=md and ?format=html (or the Accept header) give the same report as text/markdown or text/html.
        api.MapGet("/", Current).WithName("Readiness_Report").WithSummary("Grade the current run against Dojo's go-live checklist (?format=json|md|html)")
            .Produces<ReadinessReport>();
        api.MapPost("/runs", Start).WithName("Readiness_StartRun").WithSummary("Start a readiness run (ends the open one)");
        api.MapGet("/runs", Runs).WithName("Readiness_ListRuns").WithSummary("List the account's readiness runs, newest first");
        api.MapGet("/runs/{runId}", Report).WithName("Readiness_RunReport").WithSummary("Grade a readiness run (?format=json|md|html)")
            .Produces<ReadinessReport>();
        return api;
    }

    internal static async Task<IResult> Current(string? format, HttpContext http, ReadinessStore store, ReadinessGrader grader, RequestRecorder recorder, CancellationToken ct)
    {
        await recorder.CatchUpAsync(CatchUpLimit, ct);
        var account = http.Account();
        var run = await store.CurrentRunAsync(account.Id, ct);
        return await RespondAsync(format, http, grader.Grade(await store.TrafficAsync(account.Id, run, ct)));
    }

    internal static async Task<IResult> Report(string runId, string? format, HttpContext http, ReadinessStore store, ReadinessGrader grader, RequestRecorder recorder, CancellationToken ct)
    {
        await recorder.CatchUpAsync(CatchUpLimit, ct);
        var account = http.Account();
        if (await store.FindRunAsync(account.Id, runId, ct) is not { } run)
        {
            return ApiError.NotFound($"No readiness run with id {runId}.");
        }
        return await RespondAsync(format, http, grader.Grade(await store.TrafficAsync(account.Id, run, ct)));
    }

    internal static async Task<Results<Ok<ReadinessRun>, ApiError>> Start(StartRunRequest? request, HttpContext http, ReadinessStore store, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Length("Name", request?.Name, 200);
        errors.Length("PosVersion", request?.PosVersion, 100);
        if (errors.ToError() is { } error)
        {
            return error;
        }
        var name = string.IsNullOrWhiteSpace(request?.Name) ? "Readiness run" : request.Name.Trim();
        var outcome = await store.StartRunAsync(http.Account().Id, name, string.IsNullOrWhiteSpace(request?.PosVersion) ? null : request.PosVersion.Trim(), ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ApiError.From(outcome.Error!);
    }

    private static async Task<Ok<List<ReadinessRun>>> Runs(HttpContext http, ReadinessStore store, CancellationToken ct)
        => TypedResults.Ok(await store.RunsAsync(http.Account().Id, ct));

    // ?format= wins; otherwise the Accept header; JSON by default.
    private static Task<IResult> RespondAsync(string? format, HttpContext http, ReadinessReport report)
    {
        var accept = http.Request.Headers.Accept.ToString();
        var chosen = format?.ToLowerInvariant() ?? (accept.Contains("text/markdown", StringComparison.OrdinalIgnoreCase) ? "md"
            : accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) ? "html" : "json");
        return Task.FromResult<IResult>(chosen switch
        {
            "md" or "markdown" => Results.Text(ReportFormats.Markdown(report), "text/markdown; charset=utf-8"),
            "html" => Results.Text(ReportFormats.Html(report), "text/html; charset=utf-8"),
            "json" => TypedResults.Ok(report),
            _ => ApiError.Validation("format", "format must be json, md or html."),
        });
    }

    private static string EmbeddedChecklist()
    {
        using var stream = typeof(ReadinessApi).Assembly.GetManifestResourceStream("PayAtCounter.Server.Readiness.go-live-checklist.md")
            ?? throw new InvalidOperationException("The go-live checklist is missing from the server's resources.");
        return new StreamReader(stream).ReadToEnd();
    }
}

/// <summary>Body of <c>POST /sandbox/readiness/runs</c>.</summary>
/// <param name="Name">A name for the run, e.g. "POS 4.2 QA".</param>
/// <param name="PosVersion">The till's version (checklist row CFG-05).</param>
public sealed record StartRunRequest(string? Name, string? PosVersion);
