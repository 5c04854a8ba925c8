using System.Diagnostics;
using PayAtCounter.Contracts;

namespace PayAtCounter.Server.Errors;

/// <summary>The one place that writes error bodies, in the shape the request's path calls for.</summary>
public static class ApiErrorWriter
{
    private static readonly Dictionary<int, string> TypeUris = new()
    {
        [400] = "https://tools.ietf.org/html/rfc7231#section-6.5.1",
        [401] = "https://tools.ietf.org/html/rfc7235#section-3.1",
        [403] = "https://tools.ietf.org/html/rfc7231#section-6.5.3",
        [404] = "https://tools.ietf.org/html/rfc7231#section-6.5.4",
        [405] = "https://tools.ietf.org/html/rfc7231#section-6.5.5",
        [409] = "https://tools.ietf.org/html/rfc7231#section-6.5.8",
        [413] = "https://tools.ietf.org/html/rfc7231#section-6.5.11",
        [422] = "https://tools.ietf.org/html/rfc4918#section-11.2",
        [500] = "https://tools.ietf.org/html/rfc7231#section-6.6.1",
    };

    /// <summary>Writes <paramref name="error"/> as the response.</summary>
    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        var type = TypeUris.GetValueOrDefault(error.Status, "about:blank");
        var errors = error.Errors?.ToDictionary(e => e.Key, e => e.Value);
        var token = context.RequestAborted;
        return ErrorShapes.ForPath(context.Request.Path) switch
        {
            ErrorShape.TerminalProblemDetails => response.WriteAsJsonAsync(
                new TerminalProblemDetailsBody { Type = type, Title = error.Title, Status = error.Status, Detail = error.Detail, TraceId = traceId, Errors = errors ?? [] },
                DojoJson.TypeInfo<TerminalProblemDetailsBody>(), "application/json", token),
            ErrorShape.TerminalsError => response.WriteAsJsonAsync(
                new TerminalsErrorBody { Code = error.Code ?? "INVALID_REQUEST", Type = type, Title = error.Title, Status = error.Status, Detail = error.Detail, TraceId = traceId, Errors = errors ?? [] },
                DojoJson.TypeInfo<TerminalsErrorBody>(), "application/json", token),
            ErrorShape.WebhooksError => response.WriteAsJsonAsync(
                new WebhooksErrorBody { Type = type, Title = error.Title, Status = error.Status, Detail = error.Detail, TraceId = traceId, Errors = errors },
                DojoJson.TypeInfo<WebhooksErrorBody>(), "application/json", token),
            _ => response.WriteAsJsonAsync(
                new ProblemDetailsBody { Type = type, Title = error.Title, Status = error.Status, Detail = error.Detail, TraceId = traceId, Errors = errors },
                DojoJson.TypeInfo<ProblemDetailsBody>(), "application/json", token),
        };
    }
}
