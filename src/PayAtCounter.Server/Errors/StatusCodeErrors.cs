using Microsoft.AspNetCore.WebUtilities;

namespace PayAtCounter.Server.Errors;

/// <summary>Bodies for responses that ASP.NET ends without one (no route, wrong method).</summary>
public static class StatusCodeErrors
{
    /// <summary>The error for the response's status code.</summary>
    public static ApiError For(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => ApiError.NotFound($"No resource at {context.Request.Method} {context.Request.Path}."),
        // Bad input is always a 400 with field errors, whatever the framework first decided.
        StatusCodes.Status415UnsupportedMediaType => ApiError.Validation("body", "Send the body as JSON with 'Content-Type: application/json'."),
        StatusCodes.Status405MethodNotAllowed => new ApiError(StatusCodes.Status405MethodNotAllowed, "Method Not Allowed", $"{context.Request.Method} is not allowed on {context.Request.Path}.", Code: "INVALID_REQUEST"),
        var status => new ApiError(status, ReasonPhrases.GetReasonPhrase(status), Code: "INVALID_REQUEST"),
    };
}
