using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// Scenario control (<c>/sandbox/reset</c>, <c>/sandbox/snapshots</c>): start a test suite from a known world. Reset
/// gives the account a new account's world; a snapshot saves the whole world under a name and puts it back later.
/// </summary>
public static partial class ScenariosApi
{
    /// <summary>Registers the store.</summary>
    public static IServiceCollection AddScenarios(this IServiceCollection services) => services.AddScoped<ScenarioStore>();

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapScenariosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox").WithTags("Sandbox").RequireApiKey()
            .WithSandboxErrors(400, 404, 409);
        api.MapPost("/reset", Reset).WithName("Sandbox_Reset")
            .WithSummary("Reset the account to a new account's state: starting terminals, nothing else (?keepSnapshots=true keeps its snapshots)");
        api.MapPost("/snapshots", Take).WithName("Sandbox_TakeSnapshot").WithSummary("Save the account's whole world under a name");
        api.MapGet("/snapshots", List).WithName("Sandbox_ListSnapshots").WithSummary("List the account's snapshots, newest first");
        api.MapGet("/snapshots/{name}", Get).WithName("Sandbox_GetSnapshot").WithSummary("Get one snapshot's summary");
        api.MapPost("/snapshots/{name}/restore", Restore).WithName("Sandbox_RestoreSnapshot")
            .WithSummary("Put the account's world back as the snapshot holds it; live sessions stop, the restored ones carry on");
        api.MapDelete("/snapshots/{name}", Delete).WithName("Sandbox_DeleteSnapshot").WithSummary("Delete a snapshot");
        api.MapPost("/fixtures", ApplyFixture).WithName("Sandbox_ApplyFixture")
            .WithSummary("Replace the account's world with a fixture's: terminals, intents in chosen states, subscriptions, the clock");
        return api;
    }

    private static async Task<Results<Ok<ResetResult>, ApiError>> Reset(bool? keepSnapshots, HttpContext http, ScenarioStore store, TimeProvider clock, RequestRecorder recorder,
        FaultRules faults, FaultRuleStore faultStore, DeliveryRules deliveryRules, DeliveryRuleStore deliveryRuleStore, WallClock wall, CancellationToken ct)
    {
        // The till's requests before this one are still being written down: let them land, so the reset removes them.
        await recorder.CatchUpAsync(TimeSpan.FromSeconds(5), ct);
        if (await store.ResetAsync(http.Account(), keepSnapshots == true) is not { } terminals)
        {
            return ApiError.From(Engine.DomainError.Conflict("The account kept changing while it was being reset; try again."));
        }
        recorder.ForgetBodies();
        await faults.ReloadAsync(faultStore, wall.GetUtcNow(), ct);
        await deliveryRules.ReloadAsync(deliveryRuleStore, ct);
        return TypedResults.Ok(new ResetResult(clock.GetUtcNow(), terminals.Count, keepSnapshots == true));
    }

    private static async Task<Results<Created<Snapshot>, ApiError>> Take(TakeSnapshotRequest request, HttpContext http, ScenarioStore store, CancellationToken ct)
    {
        if (ValidateName(request.Name) is { } invalid)
        {
            return invalid;
        }
        var outcome = await store.TakeAsync(http.Account().Id, request.Name!, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/sandbox/snapshots/{Uri.EscapeDataString(request.Name!)}", Snapshot.Of(outcome.Value!))
            : ApiError.From(outcome.Error!);
    }

    private static async Task<Ok<List<Snapshot>>> List(HttpContext http, ScenarioStore store, CancellationToken ct)
        => TypedResults.Ok((await store.ListAsync(http.Account().Id, ct)).Select(Snapshot.Of).ToList());

    private static async Task<Results<Ok<Snapshot>, ApiError>> Get(string name, HttpContext http, ScenarioStore store, CancellationToken ct)
        => await store.FindAsync(http.Account().Id, name, ct) is { } snapshot
            ? TypedResults.Ok(Snapshot.Of(snapshot))
            : ApiError.NotFound($"No snapshot named {name}.");

    private static async Task<Results<Ok<Snapshot>, ApiError>> Restore(string name, HttpContext http, ScenarioStore store, CancellationToken ct)
    {
        var outcome = await store.RestoreAsync(http.Account().Id, name, ct);
        return outcome.Succeeded ? TypedResults.Ok(Snapshot.Of(outcome.Value!)) : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<NoContent, ApiError>> Delete(string name, HttpContext http, ScenarioStore store, CancellationToken ct)
        => await store.DeleteAsync(http.Account().Id, name, ct)
            ? TypedResults.NoContent()
            : ApiError.NotFound($"No snapshot named {name}.");

    private static async Task<Results<Ok<FixtureResult>, ApiError>> ApplyFixture(FixtureDocument fixture, HttpContext http, ScenarioStore store, SandboxClock clock, ClockStore clockStore, IdGenerator ids)
    {
        var account = http.Account();
        var (world, error) = FixtureBuilder.Build(fixture, account.Id, account.IsSandbox, clock.GetUtcNow(), ids);
        if (world is null)
        {
            return error!;
        }
        if (!await FixtureApplier.ApplyAsync(world, account.Id, store, clock, clockStore))
        {
            return ApiError.From(Engine.DomainError.Conflict("The account kept changing while the fixture was being applied; try again."));
        }
        return TypedResults.Ok(FixtureResult.Of(world));
    }

    private static ApiError? ValidateName(string? name)
        => name is null || !NamePattern().IsMatch(name)
            ? ApiError.Validation("Name", "Name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. lunch-rush).")
            : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}

/// <summary>Body of <c>POST /sandbox/snapshots</c>.</summary>
/// <param name="Name">What to call it: 1–64 letters, digits, '.', '_' or '-'.</param>
public sealed record TakeSnapshotRequest(string? Name);

/// <summary>A snapshot, without its content.</summary>
/// <param name="Name">Its name.</param>
/// <param name="TakenAt">Sandbox time when it was taken. Restoring does not move the clock back: it is shared and only runs forward.</param>
/// <param name="Rows">Rows it holds, per table.</param>
/// <param name="RepeatsIds">True when the server has <c>Sandbox:Seed</c>: after each restore the same calls get the same ids.</param>
public sealed record Snapshot(string Name, DateTimeOffset TakenAt, Dictionary<string, int> Rows, bool RepeatsIds)
{
    internal static Snapshot Of(SnapshotRow row) => new(
        row.Name,
        new DateTimeOffset(row.TakenAtTicks, TimeSpan.Zero),
        JsonSerializer.Deserialize(row.Counts, StorageJsonContext.Default.DictionaryStringInt32) ?? [],
        row.IdSeed is not null);
}

/// <summary>What a fixture made.</summary>
/// <param name="Clock">Sandbox time it was applied at.</param>
/// <param name="Terminals">Its terminals.</param>
/// <param name="PaymentIntents">Its intents, in the fixture's order.</param>
/// <param name="Subscriptions">Its subscriptions' ids, in the fixture's order.</param>
public sealed record FixtureResult(DateTimeOffset Clock, IReadOnlyList<VirtualTerminal> Terminals, IReadOnlyList<FixtureIntentResult> PaymentIntents, IReadOnlyList<string> Subscriptions)
{
    internal static FixtureResult Of(FixtureWorld world) => new(
        world.Now,
        world.Terminals.Select(VirtualTerminal.Of).ToList(),
        world.Intents.Select(i => new FixtureIntentResult(i.Id, i.Reference, i.Status.ToString(), i.RefundedAmount)).ToList(),
        world.Subscriptions.Select(s => s.Id).ToList());
}

/// <summary>An intent a fixture made.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Reference">Its reference.</param>
/// <param name="Status">Its status.</param>
/// <param name="RefundedAmount">What is refunded of it, in minor units.</param>
public sealed record FixtureIntentResult(string Id, string Reference, string Status, long RefundedAmount);

/// <summary>What <c>POST /sandbox/reset</c> did.</summary>
/// <param name="ResetAt">Sandbox time of the reset.</param>
/// <param name="Terminals">Starting terminals the account has again.</param>
/// <param name="SnapshotsKept">Whether its snapshots were kept.</param>
public sealed record ResetResult(DateTimeOffset ResetAt, int Terminals, bool SnapshotsKept);
