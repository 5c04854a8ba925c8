using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.Hosting;

/// <summary>
/// The server's own OpenAPI document (<c>/openapi/v1.json</c>, shown at <c>/scalar</c>): every operation with a
/// summary, the API key as a security scheme, and the headers each operation needs, so the reference page can send
/// a real request. Dojo's official documents stay the wire contract; this one describes this server.
/// </summary>
public static class OpenApiDocumentSetup
{
    /// <summary>The name of the API-key security scheme.</summary>
    public const string ApiKeyScheme = "apiKey";

    /// <summary>Adds the document and what it says beyond the endpoints' own metadata.</summary>
    public static IServiceCollection AddPayAtCounterOpenApi(this IServiceCollection services)
        => services.AddOpenApi(options =>
        {
            // 3.0, like Dojo's own documents: the version most client generators and validators read.
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "PayAtCounter: Dojo Pay at Counter API";
                document.Info.Description = "The Dojo Pay at Counter API (payment intents, terminals, terminal sessions, webhooks) served by PayAtCounter, "
                    + "and its sandbox control API (/sandbox). Authorize with the API key the server printed at start-up, as 'Basic <key>'.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                // Dojo's scheme is not HTTP Basic: the raw key follows "Basic ", not base64 of user:password.
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Authorization",
                    Description = "The word Basic, a space, and the raw API key: Basic sk_sandbox_…",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
                return Task.CompletedTask;
            });
            // The server's JSON leaves out null properties, so a property that may be null cannot be required; and
            // times, written by Dojo's own converter, are strings the generator cannot see through.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (schema.Properties is { } properties)
                {
                    foreach (var property in context.JsonTypeInfo.Properties)
                    {
                        var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsGetNullable);
                        if (nullable)
                        {
                            schema.Required?.Remove(property.Name);
                        }
                        if (properties.TryGetValue(property.Name, out var described) && described is OpenApiSchema { Type: null, Format: "date-time" } time)
                        {
                            time.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
                        }
                    }
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<RequiresDojoVersionAttribute>().Any())
                {
                    AddHeader(operation, DojoVersion.HeaderName, required: true, "2025-09-10", "The API version, a date: 2024-02-05, 2025-09-10 or 2026-02-27.");
                }
                if (metadata.OfType<RequiresSoftwareHouseIdAttribute>().Any())
                {
                    AddHeader(operation, SoftwareHouseHeaders.SoftwareHouseId, required: true, "softwareHouse1", "Your software house id (sandbox: softwareHouse1).");
                    AddHeader(operation, SoftwareHouseHeaders.ResellerId, required: false, "reseller1", "Your reseller id (sandbox: reseller1).");
                }
                return Task.CompletedTask;
            });
        });

    private static void AddHeader(OpenApiOperation operation, string name, bool required, string example, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Default = JsonValue.Create(example) },
            Example = JsonValue.Create(example),
        });
    }
}
