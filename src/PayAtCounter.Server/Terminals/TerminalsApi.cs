using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PayAtCounter.Contracts;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.Terminals;

/// <summary>The <c>/terminals</c> endpoints (contract §2.12–2.13, rules 33–35).</summary>
public static class TerminalsApi
{
    /// <summary>Registers the feature's services.</summary>
    public static IServiceCollection AddTerminals(this IServiceCollection services) => services.AddScoped<TerminalStore>();

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTerminalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/terminals")
            .WithTags("Terminals")
            .RequireApiKey()
            .WithMetadata(new RequiresDojoVersionAttribute(), new RequiresSoftwareHouseIdAttribute());
        api.MapGet("/", List).WithName("Terminals_ListTerminals").WithSummary("List the account's terminals, optionally by status");
        api.MapGet("/{terminalId}", Get).WithName("Terminals_GetTerminal").WithSummary("Get a terminal by id (tm_…)");
        return api;
    }

    private static async Task<Results<Ok<List<Terminal>>, ApiError>> List([AsParameters] TerminalRequestContext ctx, CancellationToken ct, [FromQuery] string[]? statuses = null)
    {
        // Both ?statuses=A&statuses=B (OpenAPI's form/explode) and ?statuses=A,B are accepted.
        var wanted = new HashSet<TerminalStatus>();
        foreach (var value in (statuses ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!value.All(char.IsLetter) || !Enum.TryParse<TerminalStatus>(value, ignoreCase: true, out var status))
            {
                return ApiError.Validation("statuses", $"'{value}' is not a terminal status; use Available, Offline or InUse.");
            }
            wanted.Add(status);
        }
        var terminals = await ctx.Terminals.ListAsync(ctx.Account.Id, ct);
        return TypedResults.Ok(terminals.Where(t => wanted.Count == 0 || wanted.Contains(t.Status)).Select(TerminalMapping.ToWire).ToList());
    }

    private static async Task<Results<Ok<Terminal>, ApiError>> Get(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var terminal = await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct);
        return terminal is null ? ApiError.NotFound(TerminalNotFound.Message(terminalId)) : TypedResults.Ok(TerminalMapping.ToWire(terminal));
    }
}
