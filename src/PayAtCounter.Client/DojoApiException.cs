using System.Net;
using System.Text.Json;

namespace PayAtCounter.Client;

/// <summary>
/// The API answered with an error. Carries what any of Dojo's four error bodies said: title, detail, field
/// errors, the terminals' <c>code</c>, and the trace id to quote to support.
/// </summary>
public class DojoApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DojoApiException(HttpStatusCode statusCode, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors, string? code, string? traceId, string rawBody)
        : base($"Dojo API error {(int)statusCode} {title}: {detail}".TrimEnd(' ', ':'))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors;
        Code = code;
        TraceId = traceId;
        RawBody = rawBody;
    }

    /// <summary>HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }
    /// <summary>Short summary.</summary>
    public string? Title { get; }
    /// <summary>What went wrong, e.g. the guides' "The status Captured does not allow this change."</summary>
    public string? Detail { get; }
    /// <summary>Field errors: field → messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
    /// <summary>The terminals' error code: INTERNAL_ERROR, TERMINAL_UNAVAILABLE or INVALID_REQUEST.</summary>
    public string? Code { get; }
    /// <summary>Trace id of the failed request.</summary>
    public string? TraceId { get; }
    /// <summary>The response body as received.</summary>
    public string RawBody { get; }

    /// <summary>401: the API key is missing or wrong.</summary>
    public bool IsAuthenticationError => StatusCode == HttpStatusCode.Unauthorized;
    /// <summary>400: the request broke a rule; see <see cref="Errors"/>.</summary>
    public bool IsValidationError => StatusCode == HttpStatusCode.BadRequest;
    /// <summary>404: no such resource (or a terminal that cannot take a session; see <see cref="IsTerminalUnavailable"/>).</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
    /// <summary>409 or 422: the resource's state forbids the operation now.</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict || (int)StatusCode == 422;
    /// <summary>The terminal is offline, busy or in its menu ("PDQ not available").</summary>
    public bool IsTerminalUnavailable => IsNotFound && (Code == "TERMINAL_UNAVAILABLE" || Title == "Terminal unavailable");

    /// <summary>Reads any of the four error shapes; tolerates bodies that are not JSON at all.</summary>
    internal static DojoApiException FromResponse(HttpStatusCode status, string body)
    {
        string? title = null, detail = null, code = null, traceId = null;
        var errors = new Dictionary<string, string[]>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                title = Text(root, "title");
                detail = Text(root, "detail");
                code = Text(root, "code");
                traceId = Text(root, "traceId");
                if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in fields.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                            : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            detail = body.Length > 500 ? body.Substring(0, 500) : body;
        }
        return new DojoApiException(status, title, detail, errors, code, traceId, body);
    }

    private static string? Text(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
