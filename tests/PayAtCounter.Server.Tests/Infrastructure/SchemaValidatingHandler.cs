using System.Net.Http.Headers;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>
/// Sits in every test client: each response of a Dojo operation must have a status the operation declares and a
/// body valid against its schema in the document of the version the client sent, and each response of the sandbox
/// control API must match the server's own OpenAPI document; or the test fails right there.
/// </summary>
public sealed class SchemaValidatingHandler : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var spec = path.StartsWith("/sandbox/", StringComparison.Ordinal)
            ? await DojoSpec.ServerAsync(() => ServerDocumentAsync(request.RequestUri, cancellationToken))
            : await DojoSpec.ForVersionAsync(request.Headers.TryGetValues("version", out var versions) ? versions.FirstOrDefault() : null);
        // A report asked for as Markdown or HTML is text, which no JSON schema describes.
        var json = response.Content.Headers.ContentType?.MediaType is null or "application/json" or "application/problem+json";
        var errors = json ? spec.Validate(request.Method.Method, path, (int)response.StatusCode, body) : [];
        if (errors is { Count: > 0 })
        {
            throw new Xunit.Sdk.XunitException($"Response of {request.Method} {request.RequestUri.PathAndQuery} breaks the official schema:\n  " + string.Join("\n  ", errors));
        }
        // The body was read for validation; hand the test a fresh copy with the same headers.
        var copy = new StringContent(body);
        copy.Headers.Clear();
        foreach (var header in response.Content.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content = copy;
        return response;
    }

    private async Task<string> ServerDocumentAsync(Uri server, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "/openapi/v1.json"));
        using var response = await base.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
