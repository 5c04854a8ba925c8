using Microsoft.AspNetCore.Mvc;

namespace PayAtCounter.Server.Sandbox;

/// <summary>The errors the sandbox control API answers with, declared in the OpenAPI document.</summary>
public static class SandboxErrors
{
    /// <summary>
    /// Declares 401 and <paramref name="statuses"/> as ProblemDetails responses of every endpoint of the group, the
    /// shape the error writer uses under <c>/sandbox</c>; with field errors on 400.
    /// </summary>
    public static RouteGroupBuilder WithSandboxErrors(this RouteGroupBuilder group, params int[] statuses)
    {
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        foreach (var status in statuses)
        {
            if (status == StatusCodes.Status400BadRequest)
            {
                group.ProducesValidationProblem();
            }
            else
            {
                group.ProducesProblem(status);
            }
        }
        return group;
    }
}
