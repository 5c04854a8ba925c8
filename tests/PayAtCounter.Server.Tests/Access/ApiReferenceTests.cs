using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Access;

/// <summary>The server documents itself: an OpenAPI document with every Dojo operation, and a reference page.</summary>
public sealed class ApiReferenceTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_openapi_document_lists_every_dojo_path_and_the_reference_page_is_served()
    {
        var client = _app.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var page = await client.GetAsync("/scalar/");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/payment-intents", "/payment-intents/search", "/payment-intents/refunds/{refundId}", "/terminals", "/terminal-sessions/{terminalSessionId}/signature", "/webhooks/{subscriptionId}/secrets/{secretId}/activate" })
        {
            Assert.Contains(path, paths);
        }
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_the_api_key_is_a_security_scheme()
    {
        var document = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var operations = Operations(document).ToList();
        // Every endpoint the server maps is in the document, but the three that are not API (/, /openapi, /scalar).
        var mapped = _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Count(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>() is not null);
        Assert.Equal(mapped, operations.Count);
        Assert.True(operations.Count >= 43, $"{operations.Count} operations");
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["summary"]), $"{o.Method} {o.Path} has no summary"));
        var scheme = document["components"]!["securitySchemes"]!["apiKey"]!;
        Assert.Equal("apiKey", (string)scheme["type"]!);
        Assert.Equal("header", (string)scheme["in"]!);
        Assert.Equal("Authorization", (string)scheme["name"]!);
        Assert.NotNull(document["security"]![0]!["apiKey"]);
    }

    [Theory]
    [InlineData("/payment-intents/{paymentIntentId}", "get", new[] { "version" }, new string[0])]
    [InlineData("/terminals", "get", new[] { "version", "software-house-id" }, new[] { "reseller-id" })]
    [InlineData("/terminal-sessions", "post", new[] { "version", "software-house-id" }, new[] { "reseller-id" })]
    [InlineData("/webhooks", "get", new[] { "version" }, new string[0])]
    [InlineData("/sandbox/clock", "get", new string[0], new string[0])]
    public async Task Each_operation_declares_the_headers_it_needs(string path, string method, string[] required, string[] optional)
    {
        var document = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var headers = (document["paths"]![path]![method]!["parameters"]?.AsArray() ?? [])
            .Where(p => (string)p!["in"]! == "header")
            .ToDictionary(p => (string)p!["name"]!, p => (bool?)p!["required"] ?? false);

        Assert.Equal(required.Order(), headers.Where(h => h.Value).Select(h => h.Key).Order());
        Assert.Equal(optional.Order(), headers.Where(h => !h.Value).Select(h => h.Key).Order());
    }

    [Fact]
    public async Task A_request_made_from_the_reference_pages_own_document_is_answered_200()
    {
        // What the /scalar page sends: the document's server, the operation's path, its header parameters with
        // their examples, and the API key in the security scheme's header.
        var client = _app.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var scheme = document["components"]!["securitySchemes"]!["apiKey"]!;
        var gets = Operations(document).Where(o => o.Method == "get" && !o.Path.Contains('{')).ToList();
        Assert.NotEmpty(gets);

        foreach (var (path, _, operation) in gets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation((string)scheme["name"]!, "Basic " + PayAtCounterApp.SandboxKey);
            foreach (var header in (operation["parameters"]?.AsArray() ?? []).Where(p => (string)p!["in"]! == "header"))
            {
                request.Headers.TryAddWithoutValidation((string)header!["name"]!, (string)header["example"]!);
            }

            var response = await client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document)
        => document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(m => m.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(m => (path.Key, m.Key, m.Value!)));
}
