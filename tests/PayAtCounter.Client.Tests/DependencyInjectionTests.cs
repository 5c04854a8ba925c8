using Microsoft.Extensions.DependencyInjection;

namespace PayAtCounter.Client.Tests;

/// <summary>The DI registration gives a client that sends with the configured options over a factory HttpClient.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddDojoClient_sends_every_request_with_the_configured_base_uri_key_and_headers_through_the_factory()
    {
        var seen = new List<HttpRequestMessage>();
        var services = new ServiceCollection();
        services.AddDojoClient(o =>
        {
            o.ApiKey = "sk_sandbox_di";
            o.BaseUri = new Uri("http://127.0.0.1:5080/");
            o.SoftwareHouseId = "softwareHouse1";
        }).ConfigurePrimaryHttpMessageHandler(() => new Recording(seen));

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DojoClient>().Terminals.ListAsync();

        var request = Assert.Single(seen);
        Assert.Equal(new Uri("http://127.0.0.1:5080/terminals"), request.RequestUri);
        Assert.Equal("Basic sk_sandbox_di", request.Headers.GetValues("Authorization").Single());
        Assert.Equal("softwareHouse1", request.Headers.GetValues("software-house-id").Single());
        Assert.True(request.Headers.Contains("version"));
    }

    // Answers every request with an empty list of terminals, keeping what was asked.
    private sealed class Recording(List<HttpRequestMessage> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/json") });
        }
    }

    [Fact]
    public void A_client_without_a_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new DojoClient(new HttpClient(), new DojoClientOptions()));
    }
}
