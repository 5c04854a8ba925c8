using System.Globalization;
using PayAtCounter.Server.Errors;

namespace PayAtCounter.Server.Versioning;

/// <summary>
/// The <c>version</c> header every Dojo call carries (rule 5): a date. Any well-formed date is served
/// with the 2025-09-10 shapes; older dates hide the fields added since (contract A4).
/// </summary>
public sealed record DojoVersion(DateOnly Date)
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "version";

    /// <summary>The version whose spec is the primary contract.</summary>
    public static readonly DateOnly Spec2025 = new(2025, 9, 10);

    /// <summary>True when the caller knows the 2025-09-10 additions (<c>avsResult</c>, new notification types).</summary>
    public bool Has2025Fields => Date >= Spec2025;

    /// <summary>Parses a <c>yyyy-MM-dd</c> header value.</summary>
    public static DojoVersion? TryParse(string? value)
        => DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? new DojoVersion(date) : null;
}

/// <summary>Reads the version a request asked for.</summary>
public static class DojoVersionHttpContextExtensions
{
    private static readonly DojoVersion Spec2025 = new(DojoVersion.Spec2025);

    /// <summary>The version parsed by <see cref="DojoVersionMiddleware"/>; 2025-09-10 on endpoints that do not require one.</summary>
    public static DojoVersion RequestedVersion(this HttpContext context) => context.Features.Get<DojoVersion>() ?? Spec2025;
}

/// <summary>Marks endpoints that require the <c>version</c> header.</summary>
public sealed class RequiresDojoVersionAttribute : Attribute;

/// <summary>
/// Rejects calls to Dojo endpoints without a valid <c>version</c> header, and terminal calls without
/// <c>software-house-id</c>; runs after authentication so a bad key is a 401 first.
/// </summary>
public sealed class DojoVersionMiddleware(RequestDelegate next)
{
    /// <summary>Checks the header and stores the parsed version for the endpoint.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresDojoVersionAttribute>() is null)
        {
            return next(context);
        }
        var header = context.Request.Headers[DojoVersion.HeaderName].ToString();
        if (DojoVersion.TryParse(header) is not { } version)
        {
            var message = header.Length == 0
                ? "The version header is required, e.g. 'version: 2025-09-10'."
                : $"The version header '{header}' is not a date in the form yyyy-MM-dd.";
            return ApiErrorWriter.WriteAsync(context, ApiError.Validation(DojoVersion.HeaderName, message));
        }
        context.Features.Set(version);
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresSoftwareHouseIdAttribute>() is not null && SoftwareHouseHeaders.Check(context) is { } missing)
        {
            return ApiErrorWriter.WriteAsync(context, missing);
        }
        return next(context);
    }
}
