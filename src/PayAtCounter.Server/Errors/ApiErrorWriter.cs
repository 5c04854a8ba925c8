using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
        [429] = "https://tools.ietf.org/html/rfc6585#section-4",
        [431] = "https://tools.ietf.org/html/rfc6585#section-5",
        [500] = "https://tools.ietf.org/html/rfc7231#section-6.6.1",
    };

    /// <summary>Writes <paramref name="error"/> as the response.</summary>
    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        var (body, typeInfo) = Render(error, ErrorShapes.ForPath(context.Request.Path), Activity.Current?.Id ?? context.TraceIdentifier);
        return response.WriteAsJsonAsync(body, typeInfo, "application/json", context.RequestAborted);
    }

    /// <summary>The error's body as UTF-8 JSON, for a response written outside ASP.NET (Kestrel's own rejections).</summary>
    public static byte[] Serialize(ApiError error, ErrorShape shape, string traceId)
    {
        var (body, typeInfo) = Render(error, shape, traceId);
        return JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
    }

    private static (object Body, JsonTypeInfo TypeInfo) Render(ApiError error, ErrorShape shape, string traceId)
    {
        var type = TypeUris.GetValueOrDefault(error.Status, "about:blank");
        var errors = error.Errors?.ToDictionary(e => e.Key, e => e.Value);
        return shape switch
        {
            ErrorShape.TerminalProblemDetails => (
                new TerminalProblemDetailsBody { Type = type, Title = error.Title, Status = error.Status, Detail = error.Detail, TraceId = traceId, Errors = errors ?? [] },
                DojoJson.TypeInfo<TerminalProblemDetailsBody>()),
            ErrorShape.TerminalsError => (
                new TerminalsErrorBody { Code = error.Code ?? "INVALID_REQUEST", Type = type, Title = error.Title, Status = error.Status, Detail = error.Detail, TraceId = traceId, Errors = errors ?? [] },
                DojoJson.TypeInfo<TerminalsErrorBody>()),
            ErrorShape.WebhooksError => (
                new WebhooksErrorBody { Type = type, Title = error.Title, Status = error.Status, Detail = error.Detail, TraceId = traceId, Errors = errors },
                DojoJson.TypeInfo<WebhooksErrorBody>()),
            _ => (
                new ProblemDetailsBody { Type = type, Title = error.Title, Status = error.Status, Detail = error.Detail, TraceId = traceId, Errors = errors },
                DojoJson.TypeInfo<ProblemDetailsBody>()),
        };
    }
}
