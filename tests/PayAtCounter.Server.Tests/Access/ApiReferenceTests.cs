using System.Net;
using System.Text.Json.Nodes;
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
}
