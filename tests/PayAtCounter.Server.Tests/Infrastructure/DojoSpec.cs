using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;
using NSwag;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>
/// An official Dojo OpenAPI document (2025-09-10, or 2024-02-05 for clients that send that version), used to
/// validate every response the tests receive: the status code must be declared for the operation and the body
/// must match its schema.
/// </summary>
public sealed class DojoSpec
{
    private static readonly Lazy<Task<DojoSpec>> Instance = new(() => LoadAsync("dojo-2025-09-10.yaml"));
    private static readonly Lazy<Task<DojoSpec>> Instance2024 = new(() => LoadAsync("dojo-2024-02-05.yaml"));
    private static Task<DojoSpec>? _server;
    private readonly OpenApiDocument _document;
    private readonly List<(Regex Pattern, string Template, int Literals)> _paths;

    /// <summary>
    /// Statuses the spec does not declare but contract.md chose: 404 for an unknown intent or refund on
    /// operations that declare no 404 (rule 26, A37); 400 for a missing or malformed <c>version</c> or
    /// <c>software-house-id</c> on the terminal reads, which declare only 401/403/404 (rules 4–5); 409 for
    /// deleting the active webhook secret (A24); 400 for bad bodies on webhook operations that declare none.
    /// </summary>
    private static readonly HashSet<(string, int)> UndeclaredButSanctioned =
    [
        ("PaymentIntents_GetRefundById", 404),
        ("PaymentIntents_SetCustomAmount", 404),
        ("PaymentIntents_SetTipsAmount", 404),
        ("Captures_Create", 404),
        ("Refunds_Create", 404),
        ("Reversal_Create", 404),
        ("Terminals_ListTerminals", 400),
        ("Terminals_GetTerminal", 400),
        ("Webhooks_DeleteSecret", 409),
        ("Webhooks_GetAllWebhooks", 400),
        ("Webhooks_GetAlSubscriptions", 400),
        ("Webhooks_DeleteSubscriptions", 400),
        ("Webhooks_GetSecrets", 400),
        ("Webhooks_GenerateSecret", 400),
        ("Webhooks_ActivateSecret", 400),
        ("Webhooks_DeleteSecret", 400),
    ];

    private DojoSpec(OpenApiDocument document)
    {
        _document = document;
        _paths = document.Paths.Keys
            .Select(template => (new Regex("^" + Regex.Replace(template, @"\{[^}]+\}", "[^/]+") + "$"), template, template.Split('/').Count(s => !s.StartsWith('{'))))
            // Literal segments win over parameters, as in ASP.NET routing (/payment-intents/search).
            .OrderByDescending(p => p.Item3)
            .ToList();
    }

    /// <summary>A component schema by name.</summary>
    public JsonSchema Schema(string name) => _document.Components.Schemas[name].ActualSchema;

    /// <summary>The 2025-09-10 document, the primary contract.</summary>
    public static Task<DojoSpec> GetAsync() => Instance.Value;

    /// <summary>
    /// The document a client sending <c>version: <paramref name="version"/></c> codes against: 2024-02-05 up to the
    /// day before 2025-09-10, 2025-09-10 from then on (2026-02-27 added behaviour, not shapes).
    /// </summary>
    public static Task<DojoSpec> ForVersionAsync(string? version)
        => DateOnly.TryParseExact(version, "yyyy-MM-dd", out var date) && date < new DateOnly(2025, 9, 10) ? Instance2024.Value : Instance.Value;

    /// <summary>
    /// Validation errors of a response, or an empty list. Returns null when the path is not part of
    /// Dojo's API (the sandbox control API, the OpenAPI document).
    /// </summary>
    public IReadOnlyList<string>? Validate(string method, string path, int status, string body)
    {
        var match = _paths.FirstOrDefault(p => p.Pattern.IsMatch(path));
        if (match.Template is null || !_document.Paths[match.Template].TryGetValue(method.ToLowerInvariant(), out var operation))
        {
            return null;
        }
        var responses = operation.ActualResponses;
        if (!responses.TryGetValue(status.ToString(), out var response))
        {
            if (!UndeclaredButSanctioned.Contains((operation.OperationId, status)))
            {
                return [$"{method} {match.Template} ({operation.OperationId}) does not declare status {status}. Body: {body}"];
            }
            // The contract chose this status where the spec is silent; the body must still have the operation's error shape.
            response = responses.First(r => r.Key.StartsWith('4')).Value;
        }
        var schema = response.ActualResponse.Schema?.ActualSchema;
        if (schema is null)
        {
            return body.Length == 0 ? [] : [$"{operation.OperationId} {status} declares no body but got: {body}"];
        }
        var errors = new JsonSchemaValidator().Validate(body, schema, SchemaType.OpenApi3);
        return errors.Select(e => $"{operation.OperationId} {status}: {Describe(e)}").ToList();
    }

    private static string Describe(ValidationError error)
        => error is ChildSchemaValidationError child
            ? $"{error.Kind} at {error.Path}: " + string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe))
            : $"{error.Kind} at {error.Path}";

    /// <summary>
    /// The server's own document (<c>/openapi/v1.json</c>), for the sandbox control API, which Dojo's documents do not
    /// describe; read once through <paramref name="fetch"/> (every test server serves the same document).
    /// </summary>
    public static Task<DojoSpec> ServerAsync(Func<Task<string>> fetch)
    {
        // A fetch that failed (the server was killed under it, in a crash test) is tried again by the next caller.
        var current = _server;
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            Interlocked.CompareExchange(ref _server, Task.Run(async () => new DojoSpec(await OpenApiDocument.FromJsonAsync(await fetch()))), current);
        }
        return _server!;
    }

    private static async Task<DojoSpec> LoadAsync(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "openapi", file);
        var document = await OpenApiYamlDocument.FromFileAsync(path);
        AllowDocumentedExtras(document.Components.Schemas);
        ReadAllOfAsInheritance(document.Components.Schemas);
        return new DojoSpec(document);
    }

    /// <summary>
    /// <c>PagedPaymentIntent</c> is <c>allOf: [PagedResultOfPaymentIntent, {type: object, additionalProperties: false}]</c>.
    /// Read literally no body with <c>data</c> satisfies the empty second member; the generator behind the
    /// spec (NSwag) means "inherits, adds nothing". That member is dropped, so the parent's rules apply.
    /// </summary>
    private static void ReadAllOfAsInheritance(IDictionary<string, JsonSchema> schemas)
    {
        foreach (var schema in schemas.Values)
        {
            foreach (var empty in schema.AllOf.Where(m => m.Reference is null && m.Properties.Count == 0 && !m.AllowAdditionalProperties).ToList())
            {
                schema.AllOf.Remove(empty);
            }
        }
    }

    /// <summary>
    /// Dojo's own examples and guides carry fields the schemas forbid (contract A1, A5–A8). The server
    /// emits them, so they are added here, typed, for exactly these names and nothing else.
    /// </summary>
    private static void AllowDocumentedExtras(IDictionary<string, JsonSchema> schemas)
    {
        static JsonSchemaProperty Typed(JsonObjectType type, string? format = null) => new() { Type = type, Format = format };
        static JsonSchemaProperty Ref(JsonSchema target) => new() { Reference = target };

        var paymentIntent = schemas["PaymentIntent"];
        paymentIntent.Properties["paymentEvents"] = new JsonSchemaProperty { Type = JsonObjectType.Array, Item = new JsonSchema { Reference = schemas["PaymentStatusResponse"] } };
        paymentIntent.Properties["paymentSource"] = Typed(JsonObjectType.String);

        var config = schemas["PaymentIntentConfigResponse"];
        var branding = new JsonSchemaProperty { Type = JsonObjectType.Object, AllowAdditionalProperties = false };
        branding.Properties["logoUrl"] = Typed(JsonObjectType.String);
        branding.Properties["faviconUrl"] = Typed(JsonObjectType.String);
        config.Properties["branding"] = branding;
        config.Properties["tradingName"] = Typed(JsonObjectType.String);

        schemas["Refund"].Properties["message"] = Typed(JsonObjectType.String | JsonObjectType.Null);
        schemas["SubscriptionSecret"].Properties["lastUsedAt"] = Typed(JsonObjectType.String, "date-time");
        schemas["TerminalSession"].Properties["customerReceipt"] = Ref(schemas["TerminalSessionReceipt"]);
        schemas["TerminalSession"].Properties["merchantReceipt"] = Ref(schemas["TerminalSessionReceipt"]);
    }
}
