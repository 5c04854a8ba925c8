using PayAtCounter.Engine;

namespace PayAtCounter.Server.Errors;

/// <summary>
/// An error response, independent of its wire shape; <see cref="ApiErrorWriter"/> renders it in the
/// shape of the endpoint. Handlers return it like any other result.
/// </summary>
public sealed record ApiError(int Status, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null, string? Code = null)
    : IResult, IStatusCodeHttpResult
{
    int? IStatusCodeHttpResult.StatusCode => Status;

    /// <summary>400 with field errors, the ASP.NET validation title.</summary>
    public static ApiError Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null)
        => new(StatusCodes.Status400BadRequest, "One or more validation errors occurred.", detail, errors, "INVALID_REQUEST");

    /// <summary>400 about one field.</summary>
    public static ApiError Validation(string field, string message)
        => Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    /// <summary>401: missing or invalid API key (rule 1).</summary>
    public static ApiError Unauthorized() => new(
        StatusCodes.Status401Unauthorized,
        "Unauthorized",
        "The API key is missing or invalid. Send 'Authorization: Basic <api key>' with the raw key.",
        Code: "INVALID_REQUEST");

    /// <summary>404 for an unknown resource.</summary>
    public static ApiError NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not Found", detail, Code: "INVALID_REQUEST");

    /// <summary>The HTTP error for a refused domain command.</summary>
    public static ApiError From(DomainError error) => error.Kind switch
    {
        DomainErrorKind.NotFound => NotFound(error.Message),
        DomainErrorKind.Conflict => new(StatusCodes.Status409Conflict, "Conflict", error.Message, Code: "INVALID_REQUEST"),
        DomainErrorKind.Unavailable => new(StatusCodes.Status404NotFound, "Terminal unavailable", error.Message, Code: "TERMINAL_UNAVAILABLE"),
        DomainErrorKind.Unprocessable => new(StatusCodes.Status422UnprocessableEntity, "Unprocessable Entity", error.Message, Code: "INVALID_REQUEST"),
        _ when error.Field is { } field => Validation(new Dictionary<string, string[]> { [field] = [error.Message] }, error.Message),
        _ => new(StatusCodes.Status400BadRequest, "Bad Request", error.Message, Code: "INVALID_REQUEST"),
    };

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) => ApiErrorWriter.WriteAsync(httpContext, this);
}
