using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// Checks an error body against the official schema of its path family (contract §1.4): <c>ProblemDetailsTerminals</c>
/// under /terminal-sessions, <c>Error</c> under /terminals, <c>ErrorResponse</c> under /webhooks, <c>ProblemDetails</c>
/// elsewhere (the sandbox API uses it too), and that its <c>status</c> is the response's and its <c>title</c> is set.
/// </summary>
public sealed class ErrorShapeCheck(DojoSpec spec)
{
    /// <summary>What is wrong with the body, or null.</summary>
    public string? Problem(string path, int status, string body)
    {
        var schemaName = Under(path, "/terminal-sessions") ? "ProblemDetailsTerminals"
            : Under(path, "/terminals") ? "Error"
            : Under(path, "/webhooks") ? "ErrorResponse"
            : "ProblemDetails";
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return $"the error body is not JSON ({schemaName} expected): '{Cut(body)}'";
        }
        var errors = new JsonSchemaValidator().Validate(body, spec.Schema(schemaName), SchemaType.OpenApi3);
        if (errors.Count > 0)
        {
            return $"the error body does not match {schemaName}: {string.Join("; ", errors.Select(e => $"{e.Kind} at {e.Path}"))}: '{Cut(body)}'";
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var said) || said.ValueKind != JsonValueKind.Number || said.GetInt32() != status)
        {
            return $"the error body's status is not {status}: '{Cut(body)}'";
        }
        if (!root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || title.GetString()!.Length == 0)
        {
            return $"the error body has no title: '{Cut(body)}'";
        }
        return null;
    }

    // As PathString.StartsWithSegments: ignoring case, and the prefix is the whole path or a segment of it.
    private static bool Under(string path, string prefix)
        => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
