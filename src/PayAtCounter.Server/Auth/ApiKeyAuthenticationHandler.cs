using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PayAtCounter.Server.Errors;

namespace PayAtCounter.Server.Auth;

/// <summary>
/// Dojo's scheme: <c>Authorization: Basic &lt;raw key&gt;</c>, the key itself rather than base64 of
/// <c>key:</c> (rules 1–2). A failed challenge writes 401 in the endpoint's error shape.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccountDirectory accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "DojoApiKey";

    /// <summary>Claim carrying the account id.</summary>
    public const string AccountIdClaim = "account_id";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var key = header[scheme.Length..].Trim();
        var account = key.Length == 0 ? null : await accounts.FindByKeyAsync(key, Context.RequestAborted);
        if (account is null)
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }
        Context.Features.Set(account);
        var identity = new ClaimsIdentity([new Claim(AccountIdClaim, account.Id)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        => ApiErrorWriter.WriteAsync(Context, ApiError.Unauthorized());

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => ApiErrorWriter.WriteAsync(Context, new ApiError(StatusCodes.Status403Forbidden, "Forbidden", "This API key may not use this resource.", Code: "INVALID_REQUEST"));
}

/// <summary>Reads the authenticated account of a request.</summary>
public static class AccountHttpContextExtensions
{
    /// <summary>The account resolved by <see cref="ApiKeyAuthenticationHandler"/>; only on endpoints that require it.</summary>
    public static Account Account(this HttpContext context)
        => context.Features.Get<Account>() ?? throw new InvalidOperationException("The endpoint does not require an API key.");
}
