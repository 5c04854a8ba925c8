using Microsoft.AspNetCore.Http.Metadata;

namespace PayAtCounter.Server.Hosting;

/// <summary>
/// Corrects what the request delegate generator (enabled in the project file) says about endpoints whose
/// parameters are grouped with <c>[AsParameters]</c>: it marks each of them as accepting a JSON body of no type,
/// bodiless GETs and DELETEs included. The OpenAPI document then fails on a body of type <c>void</c>, and routing
/// would refuse such a GET sent with a non-JSON <c>Content-Type</c> (415). Every real body here has a type,
/// so an accepts entry without one is dropped.
/// </summary>
internal static class GeneratedHandlerMetadata
{
    /// <summary>Applies the correction to every endpoint mapped under <paramref name="group"/>.</summary>
    public static RouteGroupBuilder DropUntypedBodies(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var untyped = endpoint.Metadata.Where(m => m is IAcceptsMetadata { RequestType: null }).ToList();
            untyped.ForEach(m => endpoint.Metadata.Remove(m));
        });
        return group;
    }
}
