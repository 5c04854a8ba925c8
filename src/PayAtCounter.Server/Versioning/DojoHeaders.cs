using PayAtCounter.Server.Errors;

namespace PayAtCounter.Server.Versioning;

/// <summary>Marks terminal and terminal-session endpoints, which need <c>software-house-id</c> (rule 4).</summary>
public sealed class RequiresSoftwareHouseIdAttribute : Attribute;

/// <summary>The partner headers of terminal calls (contract §1.2, A3).</summary>
public static class SoftwareHouseHeaders
{
    /// <summary>Required on terminal and session endpoints.</summary>
    public const string SoftwareHouseId = "software-house-id";

    /// <summary>Accepted; it "may be the same as the software-house-id", so it is not required (A3).</summary>
    public const string ResellerId = "reseller-id";

    /// <summary>The 400 for a missing <c>software-house-id</c>, or null when present.</summary>
    public static ApiError? Check(HttpContext context)
        => string.IsNullOrWhiteSpace(context.Request.Headers[SoftwareHouseId])
            ? ApiError.Validation(SoftwareHouseId, "The software-house-id header is required on terminal and terminal-session requests (sandbox: 'softwareHouse1').")
            : null;
}
