using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using PayAtCounter.Contracts;

namespace PayAtCounter.Server.Errors;

/// <summary>
/// Turns exceptions into error bodies of the right shape: a bad body (malformed JSON, wrong types,
/// unknown enum values, too large) is a 400 with field errors; anything unexpected is a logged 500.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var error = exception switch
        {
            BadHttpRequestException { InnerException: JsonException { InnerException: System.Text.DecoderFallbackException } notUtf8 } => ApiError.Validation("body", notUtf8.Message),
            JsonException { InnerException: System.Text.DecoderFallbackException } notUtf8 => ApiError.Validation("body", notUtf8.Message),
            BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ApiError.Validation("body", "The request body is too large."),
            BadHttpRequestException bad => ApiError.Validation("body", BodyMessage(bad)),
            _ => null,
        };
        if (error is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            error = new ApiError(StatusCodes.Status500InternalServerError, "Internal Server Error", "An unexpected error occurred.", Code: "INTERNAL_ERROR");
        }
        await ApiErrorWriter.WriteAsync(httpContext, error);
        return true;
    }

    private static string BodyMessage(BadHttpRequestException bad)
        => bad.Message.Contains("was not provided", StringComparison.Ordinal) || bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            ? "A JSON request body is required."
            : bad.Message;

    private static ApiError FromJson(JsonException json)
    {
        var field = json.Path is null or "$" ? "body" : FieldName(json.Path);
        if (MissingRequired().Match(json.Message) is { Success: true } missing)
        {
            // A required key left out of an object (an amount without its value): named as model validation would.
            var name = FieldName("$." + missing.Groups[1].Value);
            field = field == "body" ? name : field + "." + name;
            return ApiError.Validation(field, $"The {field} field is required.");
        }
        var target = ConvertedTo().Match(json.Message);
        string message;
        if (!target.Success)
        {
            message = (json.Path is null or "$" ? "The request body is not valid JSON" : $"The JSON at '{field}' is not valid") + Where(json) + ".";
        }
        else
        {
            message = $"The value of '{field}' is not valid: expected {Describe(target.Groups[1].Value)}.";
        }
        return ApiError.Validation(field, message);
    }

    // Where the parser stopped, as an editor counts: lines and characters from 1.
    private static string Where(JsonException json)
        => json.LineNumber is { } line && json.BytePositionInLine is { } position ? $" (line {line + 1}, position {position + 1})" : "";

    // "$.amount.value" becomes "Amount.Value", the key model validation would use for the same field: Dojo's own
    // errors name fields so ("Reference", in the example error of its API reference).
    private static string FieldName(string jsonPath)
        => string.Join('.', jsonPath.TrimStart('$').TrimStart('.').Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    // Names the expected type in the client's terms instead of leaking .NET type names.
    private static string Describe(string typeName)
    {
        var underlying = NullableOf().Match(typeName) is { Success: true } m ? m.Groups[1].Value : typeName;
        // Wire enums live in the contracts; the sandbox API's own (a card outcome) in the server.
        var type = typeof(Money).Assembly.GetType(underlying) ?? typeof(ApiExceptionHandler).Assembly.GetType(underlying);
        if (type is { IsEnum: true })
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }
        return underlying switch
        {
            "System.Int64" or "System.Int32" => "an integer",
            "System.Boolean" => "true or false",
            "System.String" => "a string",
            "System.DateTimeOffset" => "an ISO 8601 date-time",
            _ when underlying.StartsWith("System.Collections", StringComparison.Ordinal) => "an array or object",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"converted to ([\w\.`\[\], =]+?)\. Path")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"missing required properties including: '([^']+)'")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"System\.Nullable`1\[\[?([\w\.]+)")]
    private static partial Regex NullableOf();
}
