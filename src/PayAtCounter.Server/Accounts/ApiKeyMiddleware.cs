using Microsoft.Extensions.Primitives;
using PayAtCounter.Server.Errors;

namespace PayAtCounter.Server.Accounts;

/// <summary>Marks endpoints that need an API key (<see cref="ApiKeyMiddleware"/>).</summary>
public sealed class RequiresApiKeyAttribute : Attribute;

/// <summary>
/// Dojo's scheme: <c>Authorization: Basic &lt;raw key&gt;</c>, the key itself rather than base64 of
/// <c>key:</c> (rules 1–2). On endpoints marked with <see cref="RequiresApiKeyAttribute"/> it puts the key's
/// account on the request, or answers 401 in the endpoint's error shape.
/// A middleware rather than ASP.NET Core's authentication and authorization: a request carries one key that
/// names one account, with no claims, policies or other schemes to combine, and the framework's handler
/// objects, claims and policy evaluation cost about 7 % of the server's CPU per request in the POST benchmark
/// (bench/NOTES.md). A known key is a lookup in memory, without an allocation.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, AccountDirectory accounts)
{
    private const string Scheme = "Basic ";

    /// <summary>Resolves the account, or writes the 401.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresApiKeyAttribute>() is null)
        {
            return next(context);
        }
        var key = KeyOf(context.Request.Headers.Authorization);
        if (key.IsEmpty)
        {
            return Unauthorized(context);
        }
        return accounts.TryFindCached(key, out var account)
            ? Continue(context, account)
            : LookUpAsync(context, key.ToString());
    }

    private async Task LookUpAsync(HttpContext context, string key)
    {
        var account = await accounts.FindByKeyAsync(key, context.RequestAborted);
        await (account is null ? Unauthorized(context) : Continue(context, account));
    }

    private Task Continue(HttpContext context, Account account)
    {
        context.Features.Set(account);
        return next(context);
    }

    private static Task Unauthorized(HttpContext context) => ApiErrorWriter.WriteAsync(context, ApiError.Unauthorized());

    private static ReadOnlySpan<char> KeyOf(StringValues header)
    {
        // One header, one value: a second Authorization header is not a key.
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }
        return value.AsSpan(Scheme.Length).Trim();
    }
}

/// <summary>Marks endpoints as needing an API key, and reads the account a request was made for.</summary>
public static class ApiKeyEndpointExtensions
{
    /// <summary>Requires <c>Authorization: Basic &lt;api key&gt;</c> on the endpoints (<see cref="ApiKeyMiddleware"/>).</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new RequiresApiKeyAttribute());

    /// <summary>The account resolved by <see cref="ApiKeyMiddleware"/>; only on endpoints that require a key.</summary>
    public static Account Account(this HttpContext context)
        => context.Features.Get<Account>() ?? throw new InvalidOperationException("The endpoint does not require an API key.");
}
